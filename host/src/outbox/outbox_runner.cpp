#include "outbox/outbox_runner.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "host_api.hpp"

namespace duka::host {

namespace {

constexpr std::chrono::milliseconds kPollInterval{1000};
constexpr std::chrono::milliseconds kErrorPause{1000};
// A worker whose claim found due rows, each waiting behind its key, claims again no sooner
// than this, however often rows are committed: when every due row waits behind its key (one
// customer's backlog), each commit's wake would have every idle worker find nothing again.
// Measured on PostgreSQL (bench/run, two instances): at 100 ms these empty claims cost the
// orders 0.86 -> 0.65 of the floor. A claim that found no due row at all heeds the next wake
// at once: a row committed then is delivered without waiting (bench/webhooks' latency).
constexpr std::chrono::milliseconds kEmptyClaimPause{1000};
// The first claim query, for rows whose worker died, runs at most this often per outbox: a
// lease runs out only after a crash or a call stuck far past its timeout, and on PostgreSQL
// the query walks the due index's entries of every row sent since the last VACUUM (815 µs
// a claim under bench/postgresql's order load, more than the rest of the claim).
constexpr std::chrono::milliseconds kLapsedLeaseCheck{1000};
// The due rows a claim considers, and claimQueries' queries by their place.
constexpr int kClaimWindow = 64;
constexpr std::size_t kLapsedClaim = 0, kFirstDueClaim = 1, kWindowClaim = 2, kSeveralKeysClaim = 3;
// A claim takes its row's key's next rows with it, up to this many in all: a run, delivered
// in order by the one worker (see runQueries). Its outcomes are written together, so a crash
// may repeat a whole run: 8 keeps that small and takes most of the gain (a claim costs about
// four statements' worth of the database's time beside a row's three).
constexpr int kRunRows = 8;
// A run's rows after the first are started only within this long of the claim (and within
// one call timeout, if that is shorter); the lease covers it.
constexpr std::chrono::milliseconds kRunBudget{5000};
// While the recent calls are quick, a claim also takes other keys' due rows, up to kRunRows
// rows in all, as many as one worker delivers one after another within this long: then a
// claim, its lease and its settlement serve several recipients, where each would otherwise
// cost a write transaction of its own. Calls slower than half of it (a real SMS gateway
// takes 100 ms and more) leave each key's rows to a claim of their own, so that idle
// workers deliver them side by side.
constexpr std::chrono::milliseconds kQuickRun{50};

// The reason text is shown to staff and kept in a column: bounded.
std::string bounded(const std::string& text) {
  return text.size() <= 500 ? text : text.substr(0, 500);
}

std::string joined(const std::vector<std::string>& names, const std::string& prefix) {
  std::string out;
  for (const auto& name : names)
    out += ", " + prefix + name;
  return out;
}

// idList is " IN ($first, ..., $(first + n - 1))".
std::string idList(int first, int n) {
  std::string out = " IN (";
  for (int i = 0; i < n; ++i)
    out += (i == 0 ? "$" : ", $") + std::to_string(first + i);
  return out + ")";
}

double randomUnit() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

}  // namespace

struct OutboxRunner::Claimed {
  OutboxRow row;
  OutboxSettlement settlement;
};

struct OutboxRunner::Settlements {
  std::vector<Claimed> settled;        // attempted: their outcomes
  std::vector<std::int64_t> released;  // claimed and not attempted: back to queued as they were
  bool empty() const { return settled.empty() && released.empty(); }
};

struct OutboxRunner::Claim {
  // A run: one key's rows in id order, then (while calls are quick) other keys' first due
  // rows, one each; empty when none was due.
  std::vector<OutboxRow> rows;
  std::size_t keyRun = 0;  // rows[0, keyRun) are the first key's run
  bool more = false;       // another key's row was claimable too
  bool blocked = false;    // none was taken, and due rows waited behind their keys
};

namespace {

std::atomic<std::uint64_t>& outcomeCounter(Metrics& metrics, const std::string& outbox,
                                           const char* outcome) {
  return metrics.counter("outbox_messages",
                         "Outbox rows settled, by outbox and outcome: done, failed (for good), "
                         "retried (an attempt failed and will be retried)",
                         {{"outbox", outbox}, {"outcome", outcome}});
}

}  // namespace

OutboxRunner::OutboxRunner(HostDatabase& db, OutboxSpec spec,
                           std::shared_ptr<OutboxCourier> courier, Metrics& metrics,
                           Poco::Logger& log)
    : db_(db),
      spec_(std::move(spec)),
      courier_(std::move(courier)),
      log_(log),
      retries_(spec_.retryBase, spec_.retryMax),
      callMicros_(std::chrono::microseconds(kQuickRun).count()),
      selectColumns_("o.id, o.attempts" + joined(spec_.columns, "o.") + ", o." + spec_.keyColumn),
      done_(outcomeCounter(metrics, spec_.name, "done")),
      failed_(outcomeCounter(metrics, spec_.name, "failed")),
      retried_(outcomeCounter(metrics, spec_.name, "retried")) {
  spec_.concurrency = std::max(1, spec_.concurrency);
  claims_ = claimQueries();
  runs_ = runQueries();
  writes_ = statements();
  windowSetting_ = windowSetting();
  runBudget_ = std::min(kRunBudget, spec_.callTimeout);
  metrics.gauge(spec_.name + "_outbox_depth",
                "Rows of the " + spec_.name + " outbox waiting (queued or sending)", [this] {
                  try {
                    return static_cast<double>(pending());
                  } catch (const std::exception&) {
                    return std::nan("");  // the database does not answer: unknown, not 0
                  }
                });
}

OutboxRunner::~OutboxRunner() {
  stop();
}

std::vector<std::string> OutboxRunner::claimQueries() const {
  // Three queries, tried in order, each reading the (status, next_attempt_ms) index in
  // order, not one with OR (which would collect and sort every due row):
  //   1. a row whose worker died mid-call (its lease ran out): it has waited longest. When
  //      the worker died in a run, several of a key's rows are sending: the first of them
  //      goes first, whichever came due first. Asked at most once a second per outbox
  //      (kLapsedLeaseCheck);
  //   2. the queued row due first, when no earlier row of its key is queued or sending (the
  //      partial index of waiting rows answers that): one index entry, the usual case;
  //   3. else the first such row among the kClaimWindow rows due first, driven by that
  //      window, so a claim reads at most the window however long the backlog, also when
  //      nothing in it can go: a key with a long backlog (one customer's thousand messages)
  //      holds back the rows behind its window. It reads a second row too, which tells
  //      whether one more worker should look;
  //   4. the same window's first kRunRows such rows, each the first of its key: behind a
  //      run shorter than kRunRows, while calls are quick (kQuickRun), a claim reads it for
  //      other keys' rows to take as well.
  // SKIP LOCKED (PostgreSQL): a row another worker or instance is claiming right now is
  // passed over, not waited for; SQLite's write transactions already take turns. The outer
  // queries repeat the status test: PostgreSQL re-checks a row another transaction changed
  // meanwhile against the outer conditions only.
  //
  // The queries leave PostgreSQL's planner no choice that reads the backlog, because its
  // statistics of a queue table are as old as the last ANALYZE: taken when little was
  // queued, they have it think a backlog of thousands is a few rows, and plan to walk it
  // (3 to 27 ms a claim on bench/postgresql's SMS backlog, against 0.1 to 0.5 ms). So:
  //   - the due rows are ordered by next_attempt_ms alone, the due index's own order, which
  //     a LIMIT stops early (which of the rows due in one millisecond goes first is
  //     immaterial: a key's own rows still go in id order). For the window, windowSetting()
  //     turns bitmap scans off in the claim's transaction: a bitmap scan reads every due row
  //     to sort them, and is what the planner picks for "a few" rows on a poorly
  //     correlated table;
  //   - the window is an array computed first, and the outer rows are found by id: their
  //     repeated tests are written (…) IS TRUE, which no index answers, so the planner
  //     cannot drive the claim from the due index instead;
  //   - the key test is a subquery run per candidate, where NOT EXISTS would be an anti-join
  //     the planner may hash over every waiting row; it reads the waiting index backwards
  //     from the candidate (ORDER BY e.id DESC LIMIT 1, which a sequential scan cannot
  //     answer without reading the whole table), so it meets the row just before first, not
  //     the entries that delivered rows left at the index's front until VACUUM. On
  //     PostgreSQL it asks for the waiting index's entry just before the candidate's,
  //     (key, id) < (o.key, o.id) in the index's own order, and whether it is of the same
  //     key: only that index answers it. Written as on SQLite (the key equal, e.id < o.id),
  //     the planner, told by statistics taken during a backlog that most rows wait, read the
  //     primary key backwards instead, and for a key's first waiting row walked every row
  //     ever delivered (1.8 ms a claim after a few bench/postgresql rounds, growing with the
  //     table); with the key equal and the row comparison both, it started at the key's last
  //     entry and walked its whole backlog.
  // SQLite, without statistics, plans these as written: the window is an IN list.
  const std::string& t = spec_.table;
  const bool postgresql = db_.backend() == Backend::Postgresql;
  const std::string select = "SELECT " + selectColumns_ + " FROM " + t + " o WHERE ";
  const std::string due = "SELECT c.id FROM " + t +
                          " c WHERE c.status = 'queued' AND c.next_attempt_ms <= $1 "
                          "ORDER BY c.next_attempt_ms LIMIT ";
  const std::string window = std::to_string(kClaimWindow);
  const std::string& k = spec_.keyColumn;
  const std::string firstOfKey =
      postgresql ? " AND (SELECT e." + k + " = o." + k + " FROM " + t + " e WHERE (e." + k +
                       ", e.id) < (o." + k + ", o.id) AND e.status IN ('queued', 'sending') " +
                       "ORDER BY e." + k + " DESC, e.id DESC LIMIT 1) IS NOT TRUE"
                 : " AND (SELECT e.id FROM " + t + " e WHERE e." + k + " = o." + k +
                       " AND e.id < o.id AND e.status IN ('queued', 'sending') ORDER BY e.id "
                       "DESC LIMIT 1) IS NULL";
  const std::string claimable =
      " AND (o.status = 'queued') IS TRUE AND (o.next_attempt_ms <= $1) IS TRUE" + firstOfKey;
  const std::string order = " ORDER BY o.next_attempt_ms, o.id LIMIT ";
  const std::string lock = postgresql ? " FOR UPDATE OF o SKIP LOCKED" : "";
  const std::string dueWindow =
      postgresql ? "o.id = ANY(ARRAY(" + due + window + "))" : "o.id IN (" + due + window + ")";
  return {
      select + "o.status = 'sending' AND o.lease_until_ms <= $1" + firstOfKey + order + "1" + lock,
      select + "o.id = (" + due + "1)" + claimable + lock,
      select + dueWindow + claimable + order + "2" + lock,
      select + dueWindow + claimable + order + std::to_string(kRunRows) + lock};
}

std::string OutboxRunner::windowSetting() const {
  return db_.backend() == Backend::Postgresql ? "SET LOCAL enable_bitmapscan = off" : "";
}

std::array<std::string, 2> OutboxRunner::runQueries() const {
  // A claimed row's key may have more rows due right behind it (one recipient's backlog):
  // the claim takes them too, so that a backlog of one key costs a write transaction per run
  // of up to kRunRows rows instead of one per row. Two queries, the second run only when the
  // first found rows to take ($1 now, $2 the key, $3 the claimed row's id):
  //   1. the key's next waiting rows (queued or sending) in id order, read from the waiting
  //      index, unlocked: the run is the ones before the first that is not queued and due
  //      (a row waiting for its retry, or one another worker sends), so none is overtaken;
  //   2. those rows again, locked (PostgreSQL: SKIP LOCKED, so a claim never waits), in id
  //      order up to $4, the last of them: the run ends before the first row it did not get
  //      back, which a concurrent transaction holds or changed.
  // Both read the waiting index (key, id) in order: they repeat its condition, and the
  // second writes its test of readiness (…) IS TRUE, which no index answers, lest the
  // planner read the due index instead. $1 comes first in each text: placeholders are
  // numbered in order of first use.
  const std::string& t = spec_.table;
  const std::string keyRows = " FROM " + t + " o WHERE (o.status = 'queued' AND " +
                              "o.next_attempt_ms <= $1) IS TRUE AND o." + spec_.keyColumn +
                              " = $2 AND o.id > $3 AND o.status IN ('queued', 'sending')";
  const bool postgresql = db_.backend() == Backend::Postgresql;
  return {
      "SELECT o.id, CASE WHEN o.status = 'queued' AND o.next_attempt_ms <= $1 THEN 1 ELSE 0 "
      "END FROM " +
          t + " o WHERE o." + spec_.keyColumn +
          " = $2 AND o.id > $3 AND o.status IN ('queued', 'sending') ORDER BY o.id LIMIT " +
          std::to_string(kRunRows - 1),
      "SELECT " + selectColumns_ + keyRows + " AND o.id <= $4 ORDER BY o.id" +
          (postgresql ? " FOR UPDATE OF o SKIP LOCKED" : "")};
}

OutboxRunner::Statements OutboxRunner::statements() const {
  const std::string& t = spec_.table;
  Statements s;
  for (int n = 1; n <= kRunRows; ++n) {
    s.lease.push_back("UPDATE " + t +
                      " SET status = 'sending', lease_until_ms = $1, updated_at = $2 WHERE id" +
                      idList(3, n));
    // A settlement changes its rows only while they are still sending (a lease may have run
    // out and another worker taken the row). The test is written (...) IS TRUE, which no
    // index answers: PostgreSQL's planner otherwise read a run's ids off the due index's
    // 'sending' entries, every row leased since the last VACUUM among them (2.1 ms for a
    // run of 8 under bench/postgresql's order load), not off the primary key.
    s.done.push_back("UPDATE " + t +
                     " SET status = $1, attempts = $2, last_error = '', lease_until_ms = 0, "
                     "updated_at = $3 WHERE id" +
                     idList(4, n) + " AND (status = 'sending') IS TRUE");
  }
  s.retry = "UPDATE " + t +
            " SET status = 'queued', attempts = $1, next_attempt_ms = $2, lease_until_ms = 0, "
            "last_error = $3, updated_at = $4 WHERE id = $5 AND (status = 'sending') IS TRUE";
  s.failed = "UPDATE " + t +
             " SET status = 'failed', attempts = $1, last_error = $2, lease_until_ms = 0, "
             "updated_at = $3 WHERE id = $4 AND (status = 'sending') IS TRUE";
  // A released row changes only while it is still sending (as a settlement).
  s.release = "UPDATE " + t +
              " SET status = 'queued', lease_until_ms = 0, updated_at = $1 "
              "WHERE id = $2 AND (status = 'sending') IS TRUE";
  s.blocked = "SELECT 1 FROM " + t + " WHERE status = 'queued' AND next_attempt_ms <= $1 LIMIT 1";
  return s;
}

void OutboxRunner::start() {
  for (int i = 0; i < spec_.concurrency; ++i)
    workers_.emplace_back([this, i] { work(i == 0); });
}

void OutboxRunner::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  wakeup_.notify_one();
}

void OutboxRunner::queued(Transaction& tx) {
  tx.onCommit([this] { wake(); });
}

void OutboxRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  for (auto& worker : workers_)
    if (worker.joinable())
      worker.join();
  workers_.clear();
}

std::int64_t OutboxRunner::pending() {
  std::int64_t total = 0;
  db_.run("SELECT COUNT(*) FROM " + spec_.table + " WHERE status IN ('queued', 'sending')", {},
          [&](const SqlRow& row) { total = row.integer(0); });
  return total;
}

void OutboxRunner::work(bool watcher) {
  // The outcomes of this worker's last run, written with its next claim: a run costs one
  // write transaction.
  Settlements last;
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_)
        break;
      seen = generation_;
    }
    Claim claim;
    try {
      claim = settleAndClaim(last, true);
      last = {};  // written (a throw above keeps it for the next try)
    } catch (const std::exception& e) {
      // The database is away or busy: try again shortly; the rows wait in the table.
      log_.error("%s outbox: %s", spec_.name, std::string(e.what()));
      std::unique_lock<std::mutex> lock(mutex_);
      wakeup_.wait_for(lock, kErrorPause, [this] { return stopping_; });
      continue;
    }
    if (claim.rows.empty()) {
      idle(watcher, seen, claim.blocked);
      continue;
    }
    if (claim.more)
      wake();  // one more idle worker takes the next one
    deliverRun(claim.rows, claim.keyRun, last);
  }
  if (last.empty())
    return;
  try {
    settleAndClaim(last, false);
  } catch (const std::exception& e) {
    // The rows stay sending; their lease runs out and a worker delivers them again.
    log_.error("%s outbox: could not record the outcome of %z rows from %?d: %s", spec_.name,
               last.settled.size() + last.released.size(),
               last.settled.empty() ? last.released.front() : last.settled.front().row.id,
               std::string(e.what()));
  }
}

void OutboxRunner::deliverRun(std::vector<OutboxRow>& run, std::size_t keyRun, Settlements& out) {
  // The rows after the first go while the run's budget lasts and nothing stops it; a Retry
  // in the first key's run ends that run, since the key's later rows must not overtake the
  // row it puts back (the other keys' rows behind it have none of theirs in the run). What
  // the run did not attempt goes back to queued with its next claim.
  const auto until = std::chrono::steady_clock::now() + runBudget_;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (i > 0 && (stopping() || std::chrono::steady_clock::now() >= until)) {
      for (; i < run.size(); ++i)
        out.released.push_back(run[i].id);
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    Delivery delivery;
    try {
      delivery = courier_->deliver(run[i]);
    } catch (const std::exception& e) {
      delivery = Delivery::retry(e.what());
    }
    timed(std::chrono::steady_clock::now() - started);
    OutboxSettlement settlement = settle(run[i], std::move(delivery));
    const bool retry = settlement.delivery.outcome == Delivery::Outcome::Retry;
    out.settled.push_back(Claimed{std::move(run[i]), std::move(settlement)});
    if (retry && i + 1 < keyRun) {
      for (std::size_t behind = i + 1; behind < keyRun; ++behind)
        out.released.push_back(run[behind].id);
      i = keyRun - 1;  // on with the other keys' rows
    }
  }
}

void OutboxRunner::timed(std::chrono::steady_clock::duration call) {
  // A moving average over about the last eight calls; workers racing here may lose an
  // update, which a moving average does not miss.
  const std::int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(call).count();
  const std::int64_t average = callMicros_.load(std::memory_order_relaxed);
  callMicros_.store(average + (micros - average) / 8, std::memory_order_relaxed);
}

std::size_t OutboxRunner::otherKeysToTake() const {
  // As many as one worker delivers one after another within kQuickRun at the recent pace.
  const std::int64_t average =
      std::max<std::int64_t>(callMicros_.load(std::memory_order_relaxed), 1);
  const std::int64_t rows = std::chrono::microseconds(kQuickRun).count() / average;
  return static_cast<std::size_t>(std::clamp<std::int64_t>(rows - 1, 0, kRunRows - 1));
}

bool OutboxRunner::stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void OutboxRunner::idle(bool watcher, std::uint64_t seen, bool blocked) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (blocked && wakeup_.wait_for(lock, kEmptyClaimPause, [this] { return stopping_; }))
    return;
  const auto woken = [&] { return stopping_ || generation_ != seen; };
  if (!watcher) {
    wakeup_.wait(lock, woken);
    return;
  }
  // One worker watches the clock: for retries coming due and rows another instance left.
  lock.unlock();
  std::chrono::milliseconds wait = kPollInterval;
  try {
    db_.run("SELECT MIN(next_attempt_ms) FROM " + spec_.table + " WHERE status = 'queued'", {},
            [&](const SqlRow& row) {
              if (!row.isNull(0))
                wait = std::clamp(std::chrono::milliseconds(row.integer(0) - outboxNowMs()),
                                  std::chrono::milliseconds(0), kPollInterval);
            });
  } catch (const std::exception&) {
    // The next claim reports it.
  }
  lock.lock();
  wakeup_.wait_for(lock, wait, woken);
}

OutboxSettlement OutboxRunner::settle(const OutboxRow& row, Delivery delivery) {
  OutboxSettlement settlement{std::move(delivery), row.attempts + 1, {}};
  Delivery& outcome = settlement.delivery;
  outcome.error = bounded(outcome.error);
  if (outcome.outcome == Delivery::Outcome::Retry && settlement.attempts >= spec_.maxAttempts) {
    outcome.outcome = Delivery::Outcome::Failed;
    outcome.error = bounded("gave up after " + std::to_string(settlement.attempts) +
                            " attempts: " + outcome.error);
  }
  switch (outcome.outcome) {
    case Delivery::Outcome::Done:
      done_.fetch_add(1, std::memory_order_relaxed);
      break;
    case Delivery::Outcome::Failed:
      failed_.fetch_add(1, std::memory_order_relaxed);
      break;
    case Delivery::Outcome::Retry:
      retried_.fetch_add(1, std::memory_order_relaxed);
      settlement.retryIn = outcome.retryAfter
                               ? std::clamp(*outcome.retryAfter, std::chrono::milliseconds(0),
                                            std::chrono::milliseconds(spec_.retryMax))
                               : retries_.delayAfter(settlement.attempts, randomUnit());
      break;
  }
  courier_->settled(row, settlement);
  return settlement;
}

OutboxRunner::Claim OutboxRunner::settleAndClaim(const Settlements& last, bool claim) {
  const std::int64_t now = outboxNowMs();
  return db_.transact(EventContext::system(spec_.name + ".outbox"), [&](Transaction& tx) {
    const std::string at = nowRfc3339();
    writeSettlements(tx, last.settled, now, at);
    for (const std::int64_t id : last.released)
      tx.run(writes_.release, {at, id});
    Claim taken;
    if (!claim)
      return taken;
    std::optional<OutboxRow> due;
    std::optional<std::string> dueKey;  // none for a row without a key: it has no run
    bool another = false, windowSet = false;
    // The lapsed leases' query (the first) only when its time has come (a steady clock: the
    // wall clock may step back).
    const auto since = std::chrono::steady_clock::now().time_since_epoch();
    auto checked = lapsedLeasesChecked_.load(std::memory_order_relaxed);
    const bool lapsed = since - std::chrono::steady_clock::duration(checked) >= kLapsedLeaseCheck &&
                        lapsedLeasesChecked_.compare_exchange_strong(checked, since.count());
    for (std::size_t q = lapsed ? kLapsedClaim : kFirstDueClaim; q <= kWindowClaim && !due; ++q) {
      // The first two queries take one row and cannot tell whether more could go: one
      // more worker looks. The window's second row tells.
      another = q != kWindowClaim;
      if (!another && !windowSetting_.empty()) {
        tx.run(windowSetting_);
        windowSet = true;
      }
      tx.run(claims_[q], {now}, [&](const SqlRow& row) {
        if (due) {
          another = true;
          return;
        }
        due = rowOf(row);
        if (!row.isNull(row.columns() - 1))
          dueKey = row.text(row.columns() - 1);
      });
    }
    if (!due) {
      // Whether due rows waited behind their keys (then idle pauses) or none was due.
      taken.blocked = tx.run(writes_.blocked, {now}) > 0;
      return taken;
    }
    // A claim outlives the longest call (connect, write and read each bounded by the
    // timeout) started within the run's budget, so a row is taken again only from a worker
    // that is gone.
    const std::int64_t lease = now + 3 * spec_.callTimeout.count() + 5000 + runBudget_.count();
    const std::int64_t first = due->id;
    taken.rows.push_back(std::move(*due));
    if (dueKey) {
      // The key's rows right behind it (runQueries).
      std::vector<std::int64_t> next;
      bool ready = true;
      tx.run(runs_[0], {now, *dueKey, first}, [&](const SqlRow& row) {
        ready = ready && row.integer(1) == 1;
        if (ready)
          next.push_back(row.integer(0));
      });
      bool broken = false;
      if (!next.empty())
        tx.run(runs_[1], {now, *dueKey, first, next.back()}, [&](const SqlRow& row) {
          const std::size_t taking = taken.rows.size() - 1;  // next[taking] is the one to come
          broken = broken || taking == next.size() || row.integer(0) != next[taking];
          if (!broken)
            taken.rows.push_back(rowOf(row));
        });
    }
    taken.keyRun = taken.rows.size();
    taken.more = another;
    // Behind a short run, other keys' first due rows, as many as fit and calls are quick
    // enough for (the window of several keys: the claimed row is among them, its key's
    // other rows are not). What is left is for one more worker.
    const std::size_t fit =
        std::min(otherKeysToTake(), static_cast<std::size_t>(kRunRows) - taken.keyRun);
    if (another && fit > 0) {
      if (!windowSet && !windowSetting_.empty())
        tx.run(windowSetting_);
      std::size_t found = 0;
      taken.more = false;
      tx.run(claims_[kSeveralKeysClaim], {now}, [&](const SqlRow& row) {
        ++found;
        if (row.integer(0) == first)
          return;
        if (taken.rows.size() - taken.keyRun < fit)
          taken.rows.push_back(rowOf(row));
        else
          taken.more = true;
      });
      taken.more = taken.more || found == kRunRows;  // a full window may hold more
    }
    // The run leased in one statement.
    std::vector<SqlValue> values{lease, std::string_view(at)};
    for (const OutboxRow& row : taken.rows)
      values.emplace_back(row.id);
    tx.runValues(writes_.lease[taken.rows.size() - 1], values);
    return taken;
  });
}

OutboxRow OutboxRunner::rowOf(const SqlRow& row) const {
  // selectColumns_: id, attempts, the spec's columns, the key.
  OutboxRow out;
  out.id = row.integer(0);
  out.attempts = static_cast<int>(row.integer(1));
  for (int i = 2; i < row.columns() - 1; ++i)
    out.columns.push_back(row.isNull(i) ? std::string() : row.text(i));
  return out;
}

void OutboxRunner::writeSettlements(Transaction& tx, const std::vector<Claimed>& settled,
                                    std::int64_t now, const std::string& at) {
  // The Done rows first, grouped by their attempt count (a run's rows nearly always share
  // one): one statement for each group.
  std::vector<bool> written(settled.size(), false);
  for (std::size_t i = 0; i < settled.size(); ++i) {
    if (written[i] || settled[i].settlement.delivery.outcome != Delivery::Outcome::Done)
      continue;
    const std::int64_t attempts = settled[i].settlement.attempts;
    std::vector<SqlValue> values{std::string_view(spec_.doneStatus), attempts,
                                 std::string_view(at)};
    for (std::size_t j = i; j < settled.size() && values.size() < 3 + writes_.done.size(); ++j) {
      const Claimed& claimed = settled[j];
      if (claimed.settlement.delivery.outcome == Delivery::Outcome::Done &&
          claimed.settlement.attempts == attempts) {
        values.emplace_back(claimed.row.id);
        written[j] = true;
      }
    }
    tx.runValues(writes_.done[values.size() - 4], values);
  }
  for (const Claimed& claimed : settled) {
    const OutboxSettlement& s = claimed.settlement;
    const std::int64_t id = claimed.row.id, attempts = s.attempts;
    switch (s.delivery.outcome) {
      case Delivery::Outcome::Done:
        break;
      case Delivery::Outcome::Retry:
        tx.run(writes_.retry, {attempts, now + s.retryIn.count(), s.delivery.error, at, id});
        break;
      case Delivery::Outcome::Failed:
        tx.run(writes_.failed, {attempts, s.delivery.error, at, id});
        break;
    }
    courier_->record(tx, claimed.row, s);
  }
}

}  // namespace duka::host
