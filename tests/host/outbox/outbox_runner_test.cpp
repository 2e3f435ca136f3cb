// OutboxRunner against a real database on both backends: every row delivered once, up to
// `concurrency` at once, one key's rows one at a time and in order (a backlog claimed in
// runs), retries, give-up, leases that run out, two instances sharing a table, and the
// claim's query plans.
#include "outbox/outbox_runner.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <deque>
#include <duka/facility/outbox.hpp>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <thread>

#include "host/db/db_fixture.hpp"
#include "host_api.hpp"

namespace duka {
namespace {

using namespace std::chrono_literals;
using host::OutboxRunner;

// lent hands the runner a courier the test owns.
std::shared_ptr<OutboxCourier> lent(OutboxCourier& courier) {
  return {&courier, [](OutboxCourier*) {}};
}

// TestMetrics keeps the counters a runner asks for; gauges are ignored.
class TestMetrics : public Metrics {
 public:
  void gauge(const std::string&, const std::string&, std::function<double()>) override {}
  std::atomic<std::uint64_t>& counter(
      const std::string& name, const std::string&,
      const std::vector<std::pair<std::string, std::string>>& labels) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string key = name;
    for (const auto& [label, value] : labels)
      key += "," + label + "=" + value;
    auto [it, added] = index_.try_emplace(key, nullptr);
    if (added)
      it->second = &counters_.emplace_back(0);
    return *it->second;
  }
  std::uint64_t value(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = index_.find(key);
    return it == index_.end() ? 0 : it->second->load();
  }

 private:
  std::mutex mutex_;
  std::deque<std::atomic<std::uint64_t>> counters_;
  std::map<std::string, std::atomic<std::uint64_t>*> index_;
};

// RecordingCourier delivers by asking `decide`, after `delay`, and records what it saw.
class RecordingCourier : public OutboxCourier {
 public:
  std::function<Delivery(const OutboxRow&)> decide = [](const OutboxRow&) {
    return Delivery::done("ref");
  };
  std::chrono::milliseconds delay{0};

  Delivery deliver(const OutboxRow& row) override {
    const std::string& key = row.columns.at(0);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++inFlight_;
      maxInFlight_ = std::max(maxInFlight_, inFlight_);
      if (!busyKeys_.insert(key).second)
        keyOverlap_ = true;
      deliveries_.push_back(row.id);
      byKey_[key].push_back(row.id);
    }
    std::this_thread::sleep_for(delay);
    Delivery outcome = decide(row);
    std::lock_guard<std::mutex> lock(mutex_);
    --inFlight_;
    busyKeys_.erase(key);
    return outcome;
  }
  // deliveredSoFar is deliveries_ while the workers may still add to it.
  std::vector<std::int64_t> deliveredSoFar() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveries_;
  }
  void record(Transaction& tx, const OutboxRow& row, const OutboxSettlement& s) override {
    tx.run("UPDATE test_outbox SET reference = $1 WHERE id = $2", {s.delivery.reference, row.id});
  }

  std::mutex mutex_;
  int inFlight_ = 0, maxInFlight_ = 0;
  bool keyOverlap_ = false;
  std::set<std::string> busyKeys_;
  std::vector<std::int64_t> deliveries_;
  std::map<std::string, std::vector<std::int64_t>> byKey_;
};

class OutboxRunnerTest : public host::BackendTest {
 protected:
  void SetUp() override {
    host::BackendTest::SetUp();
    if (!db_)
      return;
    std::vector<std::string> statements = {
        "CREATE TABLE test_outbox (id {{id}}, k TEXT NOT NULL, payload TEXT NOT NULL, "
        "reference TEXT NOT NULL DEFAULT '', " +
        std::string(kOutboxColumns) + ")"};
    for (const auto& index : outboxIndexes("test_outbox", "k"))
      statements.push_back(index);
    host::Migrator(*db_).apply({{"test", {{1, "test_outbox", statements, {}}}}});
  }

  OutboxSpec spec(int concurrency = 4) {
    return {.name = "test",
            .table = "test_outbox",
            .keyColumn = "k",
            .columns = {"k", "payload"},
            .doneStatus = "sent",
            .concurrency = concurrency,
            .maxAttempts = 3,
            .retryBase = 1s,
            .retryMax = 1s,
            .callTimeout = 2000ms};
  }

  std::int64_t add(const std::string& key, const std::string& status = "queued",
                   std::int64_t nextAttemptMs = 0, std::int64_t leaseUntilMs = 0) {
    return db_->transact(EventContext::system("test"), [&](Transaction& tx) {
      return tx.insert(
          "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, lease_until_ms, "
          "updated_at) VALUES ($1, 'p', $2, $3, $4, $5)",
          {key, status, nextAttemptMs, leaseUntilMs, nowRfc3339()});
    });
  }
  std::string statusOf(std::int64_t id) { return column(id, "status"); }
  std::string column(std::int64_t id, const std::string& name) {
    std::string value;
    db_->run("SELECT " + name + " FROM test_outbox WHERE id = $1", {id},
             [&](const SqlRow& row) { value = row.text(0); });
    return value;
  }
  // settledWithin waits until no row is queued or sending.
  bool settledWithin(OutboxRunner& runner, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (runner.pending() == 0)
        return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // largestClaimOfOneWorker has one worker deliver every row and answers the most rows
  // leased at once while it delivered one: its largest claim (settlements are written with
  // the next claim).
  int largestClaimOfOneWorker() {
    std::atomic<int> most{0};
    courier_.decide = [&](const OutboxRow&) {
      db_->run("SELECT COUNT(*) FROM test_outbox WHERE status = 'sending'", {},
               [&](const SqlRow& row) {
                 most = std::max(most.load(), static_cast<int>(row.integer(0)));
               });
      return Delivery::done("ref");
    };
    OutboxRunner runner(*db_, spec(1), lent(courier_), metrics_, Poco::Logger::get("test"));
    runner.start();
    runner.wake();
    EXPECT_TRUE(settledWithin(runner, 20s));
    runner.stop();
    return most;
  }

  TestMetrics metrics_;
  RecordingCourier courier_;
};

TEST_P(OutboxRunnerTest, DeliversEveryRowOnceUpToConcurrencyAtOnce) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 24; ++i)
    ids.push_back(add("+2547000000" + std::to_string(10 + i)));
  courier_.delay = 50ms;
  OutboxRunner runner(*db_, spec(4), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  std::vector<std::int64_t> delivered = courier_.deliveries_;
  std::sort(delivered.begin(), delivered.end());
  EXPECT_EQ(delivered, ids);  // each once
  EXPECT_EQ(courier_.maxInFlight_, 4);
  for (const auto id : ids) {
    EXPECT_EQ(statusOf(id), "sent");
    EXPECT_EQ(column(id, "reference"), "ref");  // the courier's record() ran with it
    EXPECT_EQ(column(id, "attempts"), "1");
  }
  EXPECT_EQ(metrics_.value("outbox_messages,outbox=test,outcome=done"), 24u);
}

TEST_P(OutboxRunnerTest, OneKeysRowsGoOneAtATimeInOrder) {
  std::map<std::string, std::vector<std::int64_t>> expected;
  for (int i = 0; i < 8; ++i)
    for (const std::string key : {"a", "b", "c"})
      expected[key].push_back(add(key));
  courier_.delay = 10ms;
  OutboxRunner runner(*db_, spec(6), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_FALSE(courier_.keyOverlap_);
  EXPECT_EQ(courier_.byKey_, expected);
  EXPECT_GT(courier_.maxInFlight_, 1);  // the keys went side by side
}

TEST_P(OutboxRunnerTest, ARowWaitingForARetryHoldsBackItsKeysLaterRows) {
  const auto first = add("a");
  const auto second = add("a");
  const auto other = add("b");
  std::atomic<int> calls{0};
  courier_.decide = [&](const OutboxRow& row) {
    if (row.id == first && calls++ == 0)
      return Delivery::retry("busy", 300ms);
    return Delivery::done("ref");
  };
  OutboxRunner runner(*db_, spec(3), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(courier_.byKey_["a"], (std::vector<std::int64_t>{first, first, second}));
  EXPECT_EQ(courier_.byKey_["b"], std::vector<std::int64_t>{other});
  EXPECT_EQ(column(first, "attempts"), "2");
  EXPECT_EQ(column(first, "last_error"), "");
  EXPECT_EQ(metrics_.value("outbox_messages,outbox=test,outcome=retried"), 1u);
}

TEST_P(OutboxRunnerTest, ARetryAtMaxAttemptsFailsTheRowNamingTheAttempts) {
  const auto id = add("a");
  const auto refused = add("b");
  courier_.decide = [&](const OutboxRow& row) {
    if (row.id == refused)
      return Delivery::failed("invalid number");
    throw std::runtime_error("timed out");  // a throw is a retry
  };
  auto fast = spec(2);
  fast.retryBase = 0s;  // retries due at once
  fast.retryMax = 0s;
  OutboxRunner runner(*db_, fast, lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(statusOf(id), "failed");
  EXPECT_EQ(column(id, "attempts"), "3");
  EXPECT_EQ(column(id, "last_error"), "gave up after 3 attempts: timed out");
  EXPECT_EQ(statusOf(refused), "failed");
  EXPECT_EQ(column(refused, "attempts"), "1");
  EXPECT_EQ(column(refused, "last_error"), "invalid number");
  EXPECT_EQ(metrics_.value("outbox_messages,outbox=test,outcome=failed"), 2u);
}

TEST_P(OutboxRunnerTest, ARowWhoseWorkerDiedIsDeliveredOnceItsLeaseRunsOut) {
  const auto stuck = add("a", "sending", 0, outboxNowMs() - 1);
  const auto held = add("b", "sending", 0, outboxNowMs() + 60000);  // another live worker's
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (statusOf(stuck) != "sent" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(20ms);
  runner.stop();
  EXPECT_EQ(statusOf(stuck), "sent");
  EXPECT_EQ(statusOf(held), "sending");
  EXPECT_EQ(courier_.deliveries_, std::vector<std::int64_t>{stuck});
}

// A worker that died in a run leaves several of a key's rows sending; when their lease runs
// out they go again in id order, whatever order they came due in (the first of them waited
// for a retry while the second was queued).
TEST_P(OutboxRunnerTest, ADeadWorkersRunIsTakenAgainInOrder) {
  const auto expired = outboxNowMs() - 1;
  const auto first = add("a", "sending", 2000, expired);
  const auto second = add("a", "sending", 1000, expired);
  const auto third = add("a");
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(courier_.byKey_["a"], (std::vector<std::int64_t>{first, second, third}));
}

TEST_P(OutboxRunnerTest, StopLetsTheDeliveriesInFlightFinishAndRecordsThem) {
  const auto id = add("a");
  courier_.decide = [&](const OutboxRow&) { return Delivery::done("late"); };
  courier_.delay = 400ms;
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (statusOf(id) != "sending" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(5ms);
  runner.stop();
  EXPECT_EQ(statusOf(id), "sent");
  EXPECT_EQ(column(id, "reference"), "late");
}

TEST_P(OutboxRunnerTest, TwoInstancesSharingTheTableDeliverEachRowOnce) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 60; ++i)
    ids.push_back(add("k" + std::to_string(i % 20)));
  RecordingCourier other;
  courier_.delay = other.delay = 5ms;
  OutboxRunner one(*db_, spec(4), lent(courier_), metrics_, Poco::Logger::get("test"));
  OutboxRunner two(*db_, spec(4), lent(other), metrics_, Poco::Logger::get("test"));
  one.start();
  two.start();
  one.wake();
  two.wake();
  ASSERT_TRUE(settledWithin(one, 30s));
  one.stop();
  two.stop();
  std::vector<std::int64_t> delivered = courier_.deliveries_;
  delivered.insert(delivered.end(), other.deliveries_.begin(), other.deliveries_.end());
  std::sort(delivered.begin(), delivered.end());
  EXPECT_EQ(delivered, ids);
}

TEST_P(OutboxRunnerTest, AKeysBacklogIsClaimedInRunsAndDeliveredInOrder) {
  std::vector<std::int64_t> backlog;
  for (int i = 0; i < 40; ++i)
    backlog.push_back(add("a"));
  const auto other = add("b");
  std::atomic<bool> runTaken{false};
  courier_.decide = [&](const OutboxRow& row) {
    // While the backlog's first row is delivered, the rows behind it are already this
    // worker's: claimed with it, in the same transaction.
    if (row.id == backlog[0])
      runTaken = statusOf(backlog[1]) == "sending" && statusOf(backlog[7]) == "sending" &&
                 statusOf(backlog[8]) == "queued";
    return Delivery::done("ref");
  };
  OutboxRunner runner(*db_, spec(4), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_TRUE(runTaken);  // a run is 8 rows at most
  EXPECT_FALSE(courier_.keyOverlap_);
  EXPECT_EQ(courier_.byKey_["a"], backlog);  // each once, in order
  EXPECT_EQ(courier_.byKey_["b"], std::vector<std::int64_t>{other});
  for (const auto id : backlog) {
    EXPECT_EQ(statusOf(id), "sent");
    EXPECT_EQ(column(id, "attempts"), "1");
    EXPECT_EQ(column(id, "reference"), "ref");
  }
}

TEST_P(OutboxRunnerTest, WhileCallsAreQuickAClaimTakesOtherKeysDueRowsToo) {
  // Many recipients with a message each, and a gateway that answers at once: a claim, its
  // lease and its settlement serve up to 8 of them, not one.
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 60; ++i)
    ids.push_back(add("+2547000001" + std::to_string(10 + i)));
  EXPECT_EQ(largestClaimOfOneWorker(), 8);  // 8 keys' rows
  std::vector<std::int64_t> delivered = courier_.deliveries_;
  std::sort(delivered.begin(), delivered.end());
  EXPECT_EQ(delivered, ids);  // each once
  for (const auto id : ids) {
    EXPECT_EQ(statusOf(id), "sent");
    EXPECT_EQ(column(id, "reference"), "ref");
    EXPECT_EQ(column(id, "lease_until_ms"), "0");
  }
}

TEST_P(OutboxRunnerTest, SlowCallsLeaveEachKeyToAClaimOfItsOwn) {
  // A gateway taking 30 ms a call: other keys' rows wait for a worker of their own rather
  // than behind this one's calls.
  for (int i = 0; i < 6; ++i)
    add("+2547000002" + std::to_string(10 + i));
  courier_.delay = 30ms;
  EXPECT_EQ(largestClaimOfOneWorker(), 1);
  EXPECT_EQ(courier_.deliveries_.size(), 6u);
}

TEST_P(OutboxRunnerTest, ARetryInAKeysRunLeavesTheOtherKeysRowsOfItsClaimGoing) {
  // Quick calls first, so that claims take several keys' rows.
  for (int i = 0; i < 30; ++i)
    add("+2547000003" + std::to_string(10 + i));
  OutboxRunner runner(*db_, spec(1), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  // Then one key's three rows and two other keys' rows, committed together: one claim takes
  // them all, a's run first. a's first row is retried: a's others go back untried, b and c
  // go on in that claim.
  std::vector<std::int64_t> a;
  std::int64_t b = 0, c = 0;
  std::atomic<bool> cInTheClaim{false};
  std::atomic<int> calls{0};
  courier_.decide = [&](const OutboxRow& row) {
    if (row.id == a[0] && calls++ == 0)
      return Delivery::retry("busy", 200ms);
    if (row.id == b)
      cInTheClaim = statusOf(c) == "sending";
    return Delivery::done("ref");
  };
  db_->transact(EventContext::system("test"), [&](Transaction& tx) {
    const std::string insert =
        "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, lease_until_ms, "
        "updated_at) VALUES ($1, 'p', 'queued', 0, 0, '')";
    for (int i = 0; i < 3; ++i)
      a.push_back(tx.insert(insert, {"a"}));
    b = tx.insert(insert, {"b"});
    c = tx.insert(insert, {"c"});
  });
  const std::size_t before = courier_.deliveredSoFar().size();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  const std::vector<std::int64_t> all = courier_.deliveries_;
  EXPECT_EQ(std::vector<std::int64_t>(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
            (std::vector<std::int64_t>{a[0], b, c, a[0], a[1], a[2]}));
  EXPECT_TRUE(cInTheClaim);
  EXPECT_EQ(column(a[0], "attempts"), "2");
  for (const auto id : {a[1], a[2], b, c})
    EXPECT_EQ(column(id, "attempts"), "1");
}

TEST_P(OutboxRunnerTest, EachRowOfARunIsRecordedWithItsOwnOutcome) {
  // A run's Done rows are written in one statement, the others one by one: a mixed run
  // leaves each row as its own outcome says.
  std::vector<std::int64_t> a;
  for (int i = 0; i < 6; ++i)
    a.push_back(add("a"));
  courier_.decide = [&](const OutboxRow& row) {
    if (row.id == a[1] || row.id == a[4])
      return Delivery::failed("refused");
    return Delivery::done("ref-" + std::to_string(row.id));
  };
  OutboxRunner runner(*db_, spec(1), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(courier_.byKey_["a"], a);
  for (const auto id : a) {
    SCOPED_TRACE(id);
    const bool failed = id == a[1] || id == a[4];
    EXPECT_EQ(statusOf(id), failed ? "failed" : "sent");
    EXPECT_EQ(column(id, "attempts"), "1");
    EXPECT_EQ(column(id, "last_error"), failed ? "refused" : "");
    EXPECT_EQ(column(id, "lease_until_ms"), "0");
    EXPECT_EQ(column(id, "reference"), failed ? "" : "ref-" + std::to_string(id));
  }
  EXPECT_EQ(metrics_.value("outbox_messages,outbox=test,outcome=done"), 4u);
  EXPECT_EQ(metrics_.value("outbox_messages,outbox=test,outcome=failed"), 2u);
}

TEST_P(OutboxRunnerTest, ARetryInARunPutsTheRowsBehindItBackUntried) {
  std::vector<std::int64_t> a;
  for (int i = 0; i < 5; ++i)
    a.push_back(add("a"));
  std::atomic<int> calls{0};
  courier_.decide = [&](const OutboxRow& row) {
    if (row.id == a[1] && calls++ == 0)
      return Delivery::retry("busy", 1000ms);
    return Delivery::done("ref");
  };
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  // Between the retry's settlement and its next attempt, the rows behind it are queued as
  // they were before the run took them.
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (column(a[1], "last_error") != "busy" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(statusOf(a[1]), "queued");
  for (std::size_t i = 2; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(statusOf(a[i]), "queued");
    EXPECT_EQ(column(a[i], "attempts"), "0");
    EXPECT_EQ(column(a[i], "lease_until_ms"), "0");
  }
  EXPECT_EQ(courier_.deliveredSoFar().size(), 2u);
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(courier_.byKey_["a"], (std::vector<std::int64_t>{a[0], a[1], a[1], a[2], a[3], a[4]}));
  EXPECT_EQ(column(a[1], "attempts"), "2");
  for (const auto id : {a[0], a[2], a[3], a[4]})
    EXPECT_EQ(column(id, "attempts"), "1");
}

TEST_P(OutboxRunnerTest, ARunEndsBeforeARowNotYetDue) {
  const auto first = add("a");
  const auto later = add("a", "queued", outboxNowMs() + 60000);  // its retry is a minute away
  const auto behind = add("a");
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (statusOf(first) != "sent" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(300ms);
  runner.stop();
  EXPECT_EQ(courier_.deliveries_, std::vector<std::int64_t>{first});
  EXPECT_EQ(statusOf(later), "queued");
  EXPECT_EQ(statusOf(behind), "queued");
  EXPECT_EQ(column(behind, "lease_until_ms"), "0");
}

TEST_P(OutboxRunnerTest, StopInARunPutsTheRowsNotStartedBack) {
  std::vector<std::int64_t> a;
  for (int i = 0; i < 10; ++i)
    a.push_back(add("a"));
  courier_.delay = 200ms;
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (statusOf(a[9]) != "sending" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(5ms);  // the run is claimed
  runner.stop();                       // while its first row is delivered
  const std::size_t delivered = courier_.deliveries_.size();
  ASSERT_GE(delivered, 1u);
  ASSERT_LT(delivered, a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    if (i < delivered) {
      EXPECT_EQ(statusOf(a[i]), "sent");
      continue;
    }
    EXPECT_EQ(statusOf(a[i]), "queued");
    EXPECT_EQ(column(a[i], "attempts"), "0");
    EXPECT_EQ(column(a[i], "lease_until_ms"), "0");
  }
  // The next runner takes them up in order.
  RecordingCourier next;
  OutboxRunner again(*db_, spec(2), lent(next), metrics_, Poco::Logger::get("test"));
  again.start();
  again.wake();
  ASSERT_TRUE(settledWithin(again, 20s));
  again.stop();
  EXPECT_EQ(next.byKey_["a"], std::vector<std::int64_t>(a.begin() + delivered, a.end()));
}

DUKA_BACKENDS(OutboxRunnerTest);

// On PostgreSQL a run's rows are locked with SKIP LOCKED: a row another transaction holds
// ends the run before it, so the rows behind it never overtake it.
class OutboxRunnerPostgresqlTest : public OutboxRunnerTest {};

TEST_P(OutboxRunnerPostgresqlTest, ARunEndsBeforeARowAnotherTransactionHolds) {
  std::vector<std::int64_t> a;
  for (int i = 0; i < 5; ++i)
    a.push_back(add("a"));
  std::promise<void> held, release;
  std::thread holder([&] {
    db_->transact(EventContext::system("test"), [&](Transaction& tx) {
      tx.run("SELECT id FROM test_outbox WHERE id = $1 FOR UPDATE", {a[2]}, [](const SqlRow&) {});
      held.set_value();
      release.get_future().wait();
    });
  });
  held.get_future().wait();
  OutboxRunner runner(*db_, spec(2), lent(courier_), metrics_, Poco::Logger::get("test"));
  runner.start();
  runner.wake();
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (statusOf(a[1]) != "sent" && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(300ms);
  const std::vector<std::int64_t> whileHeld = courier_.deliveredSoFar();
  release.set_value();
  holder.join();
  runner.wake();
  ASSERT_TRUE(settledWithin(runner, 20s));
  runner.stop();
  EXPECT_EQ(whileHeld, (std::vector<std::int64_t>{a[0], a[1]}));
  EXPECT_EQ(courier_.byKey_["a"], a);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, OutboxRunnerPostgresqlTest,
                         ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return test::backendLabel(info.param); });

// createOutboxTable makes the plan tests' table, an outbox keyed by k.
void createOutboxTable(host::SqlDatabase& db) {
  std::vector<std::string> statements = {
      "CREATE TABLE test_outbox (id {{id}}, k TEXT NOT NULL, payload TEXT NOT NULL, " +
      std::string(kOutboxColumns) + ")"};
  for (const auto& index : outboxIndexes("test_outbox", "k"))
    statements.push_back(index);
  host::Migrator(db).apply({{"test", {{1, "test_outbox", statements, {}}}}});
}

// The plans SQLite makes for the claims: each reads the due index in order (the queued rows'
// claim only its window of the first due rows, whatever the backlog); the key check reads the
// partial index of waiting rows.
TEST(OutboxClaimPlan, EachClaimReadsTheDueIndexInOrderAndTheWaitingIndexForItsKey) {
  test::TempDir dir;
  host::EventDispatcher events;
  auto testDb = test::TestDatabase::create(Backend::Sqlite, dir);
  auto db = host::SqlDatabase::open(testDb->config(), events, std::chrono::seconds(10));
  createOutboxTable(*db);
  TestMetrics metrics;
  RecordingCourier courier;
  OutboxRunner runner(*db,
                      {.name = "test", .table = "test_outbox", .keyColumn = "k", .columns = {"k"}},
                      lent(courier), metrics, Poco::Logger::get("test"));
  for (const std::string& query : runner.claimQueries()) {
    std::string plan;
    db->run("EXPLAIN QUERY PLAN " + sqlFor(Backend::Sqlite, query), {std::int64_t{0}},
            [&](const SqlRow& row) { plan += row.text(3) + "; "; });
    EXPECT_NE(plan.find("INDEX test_outbox_due (status=?"), std::string::npos) << plan;
    // Each claim checks its row's key on the waiting index.
    EXPECT_NE(plan.find("test_outbox_waiting"), std::string::npos) << plan;
    if (query.find("(o.status = 'queued') IS TRUE") != std::string::npos) {
      // The queued rows' claims: each row found by its id (the first due, or those of the
      // window); the backlog is never scanned.
      EXPECT_NE(plan.find("SEARCH o USING INTEGER PRIMARY KEY"), std::string::npos) << plan;
      EXPECT_EQ(plan.find("SCAN o"), std::string::npos) << plan;
    }
    if (query.find("LIMIT 64") == std::string::npos) {
      // Only the window's at most 64 rows are sorted again.
      EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
    }
  }
  // A run's queries read the key's rows from the waiting index, in its order.
  const auto runs = runner.runQueries();
  const std::string key = "k";  // a SqlValue views its text: the text outlives it
  for (std::size_t q = 0; q < runs.size(); ++q) {
    std::string plan;
    const std::vector<SqlValue> values = {std::int64_t{0}, key, std::int64_t{0}, std::int64_t{0}};
    db->runValues("EXPLAIN QUERY PLAN " + runs[q], std::span(values).first(3 + q),
                  [&](const SqlRow& row) { plan += row.text(3) + "; "; });
    EXPECT_NE(plan.find("SEARCH o USING INDEX test_outbox_waiting (k=? AND id>?"),
              std::string::npos)
        << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  }
  db->close();
}

// rowsVisited is what an EXPLAIN (ANALYZE, FORMAT JSON) plan node and those below it read:
// the rows each node returned and those its filters removed, times its loops.
double rowsVisited(const Poco::JSON::Object::Ptr& node) {
  const double loops = node->optValue<double>("Actual Loops", 1);
  double rows = node->optValue<double>("Actual Rows", 0) +
                node->optValue<double>("Rows Removed by Filter", 0) +
                node->optValue<double>("Rows Removed by Join Filter", 0);
  rows *= loops;
  if (const auto children = node->getArray("Plans")) {
    for (std::size_t i = 0; i < children->size(); ++i)
      rows += rowsVisited(children->getObject(static_cast<unsigned>(i)));
  }
  return rows;
}

// writeSql runs one statement in a write transaction of its own.
void writeSql(host::SqlDatabase& db, const std::string& sql) {
  db.write(EventContext::system("test"), [&](Transaction& tx) { tx.run(sql); });
}

// explainPlan runs query under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) in a write
// transaction (after `setting`, when there is one) and answers its top plan node; `json`
// receives the whole plan, for the failure's message.
Poco::JSON::Object::Ptr explainPlan(host::SqlDatabase& db, const std::string& setting,
                                    const std::string& query, std::span<const SqlValue> values,
                                    std::string& json) {
  db.write(EventContext::system("test"), [&](Transaction& tx) {
    if (!setting.empty())
      tx.run(setting);
    tx.runValues("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + query, values,
                 [&](const SqlRow& row) { json += row.text(0); });
  });
  return Poco::JSON::Parser()
      .parse(json)
      .extract<Poco::JSON::Array::Ptr>()
      ->getObject(0)
      ->getObject("Plan");
}

// PostgresqlClaims is the test outbox on a PostgreSQL test database (none without a
// cluster: the test skips) with a runner, not started, whose claims a test explains.
class PostgresqlClaims {
 public:
  PostgresqlClaims() : testDb_(test::TestDatabase::create(Backend::Postgresql, dir_)) {
    if (!testDb_)
      return;
    db_ = host::SqlDatabase::open(testDb_->config(), events_, std::chrono::seconds(10));
    createOutboxTable(*db_);
    runner_.emplace(
        *db_,
        OutboxSpec{.name = "test", .table = "test_outbox", .keyColumn = "k", .columns = {"k"}},
        lent(courier_), metrics_, Poco::Logger::get("test"));
  }
  ~PostgresqlClaims() {
    if (db_)
      db_->close();
  }
  PostgresqlClaims(const PostgresqlClaims&) = delete;
  PostgresqlClaims& operator=(const PostgresqlClaims&) = delete;

  explicit operator bool() const { return testDb_ != nullptr; }
  host::SqlDatabase& db() { return *db_; }
  OutboxRunner& runner() { return *runner_; }
  void exec(const std::string& sql) { writeSql(*db_, sql); }
  // explainClaim explains claim query q at a time all rows are due (the window's with its
  // setting).
  Poco::JSON::Object::Ptr explainClaim(std::size_t q, std::string& json) {
    const std::vector<std::string> queries = runner_->claimQueries();
    const std::vector<SqlValue> now = {std::int64_t{5000000}};
    const bool window = queries.at(q).find("LIMIT 64") != std::string::npos;
    return explainPlan(*db_, window ? runner_->windowSetting() : "", queries.at(q), now, json);
  }

 private:
  test::TempDir dir_;
  host::EventDispatcher events_;
  std::unique_ptr<test::TestDatabase> testDb_;
  std::unique_ptr<host::SqlDatabase> db_;
  TestMetrics metrics_;
  RecordingCourier courier_;
  std::optional<OutboxRunner> runner_;
};

// PostgreSQL plans a claim from statistics, which for a queue table are minutes old: here
// they were taken when a few rows were queued among thousands delivered, in no physical
// order, and a backlog of 3,000 rows of one key followed (one customer's messages while its
// first is being sent). Each claim must still read about its window, not the backlog: a
// bitmap scan of every due row sorted for the window, a plan driven by the due index for
// the outer rows, or a join of the window to every due row reads thousands of rows per claim
// (3 to 27 ms a claim on bench/postgresql's SMS backlog).
TEST(OutboxClaimPlan, OnPostgresqlEachClaimReadsAboutItsWindowWhateverTheStatistics) {
  PostgresqlClaims outbox;
  DUKA_SKIP_WITHOUT(outbox);
  outbox.exec(
      "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, updated_at) "
      "SELECT 'k' || (g % 50), 'p', CASE WHEN g % 250 = 0 THEN 'queued' ELSE "
      "(ARRAY['sent', 'failed', 'sent', 'delivered'])[1 + (g * 7919) % 4] END, "
      "(g * 7919) % 100000, '' FROM generate_series(1, 5000) g");
  outbox.db().run("ANALYZE test_outbox", {}, [](const SqlRow&) {});
  outbox.exec(
      "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, updated_at) "
      "SELECT 'one customer', 'p', 'queued', 100000 + g, '' FROM generate_series(1, 3000) g");
  outbox.exec(
      "UPDATE test_outbox SET status = 'sending', lease_until_ms = 9000000000000 "
      "WHERE id = (SELECT MIN(id) FROM test_outbox WHERE k = 'one customer')");
  outbox.exec(
      "UPDATE test_outbox SET status = 'sent' WHERE status = 'queued' AND k <> 'one customer'");

  const std::vector<std::string> queries = outbox.runner().claimQueries();
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::string json;
    const auto plan = outbox.explainClaim(q, json);
    EXPECT_LE(rowsVisited(plan), 8 * 64) << queries[q] << "\n" << json;
  }
  // A run behind the backlog's first row reads about the run, not the backlog.
  std::int64_t first = 0;
  outbox.db().run("SELECT MIN(id) FROM test_outbox WHERE k = 'one customer'", {},
                  [&](const SqlRow& row) { first = row.integer(0); });
  const auto runs = outbox.runner().runQueries();
  const std::string key = "one customer";  // a SqlValue views its text: the text outlives it
  for (std::size_t q = 0; q < runs.size(); ++q) {
    const std::string& query = runs[q];
    const std::vector<SqlValue> values = {std::int64_t{5000000}, key, first, first + 7};
    std::string json;
    const auto plan = explainPlan(outbox.db(), "", query, std::span(values).first(3 + q), json);
    EXPECT_LE(rowsVisited(plan), 64) << query << "\n" << json;
  }
}

// The other way round: statistics taken during a backlog of one key, when nearly every row
// was queued, and since then the backlog delivered. The key test of the key's next row must
// read the waiting index, which holds no delivered row, not the primary key backwards
// through every row delivered before it (what the planner chose for `e.id < o.id` from such
// statistics: 1.8 ms a claim after a few bench/postgresql rounds, growing with the table).
TEST(OutboxClaimPlan, OnPostgresqlTheKeyTestReadsTheWaitingIndexWhateverTheStatistics) {
  PostgresqlClaims outbox;
  DUKA_SKIP_WITHOUT(outbox);
  outbox.exec(
      "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, updated_at) "
      "SELECT 'one customer', 'p', 'queued', g, '' FROM generate_series(1, 5000) g");
  outbox.db().run("VACUUM ANALYZE test_outbox", {}, [](const SqlRow&) {});
  outbox.exec("UPDATE test_outbox SET status = 'sent'");
  // Then a backlog again, its first row the claim's: the key test reads about one index
  // entry per candidate, not the backlog behind it.
  outbox.exec(
      "INSERT INTO test_outbox (k, payload, status, next_attempt_ms, updated_at) "
      "SELECT 'one customer', 'p', 'queued', 5000 + g, '' FROM generate_series(1, 3000) g");

  const std::vector<std::string> queries = outbox.runner().claimQueries();
  for (std::size_t q = 1; q < queries.size(); ++q) {  // the queued rows' claims
    std::string json;
    const auto plan = outbox.explainClaim(q, json);
    EXPECT_LE(rowsVisited(plan), 8 * 64) << queries[q] << "\n" << json;
    // Pages: the window's 64 candidates, each with its entry of the waiting index.
    EXPECT_LE(plan->getValue<int>("Shared Hit Blocks") + plan->getValue<int>("Shared Read Blocks"),
              8 * 64)
        << queries[q] << "\n"
        << json;
  }
}

}  // namespace
}  // namespace duka
