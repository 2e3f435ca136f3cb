// duka/outbox.hpp: calls to other services that must not be lost (an SMS, a payment's
// status query, later a webhook). The owner writes a row in the transaction of the event
// that asks for the call; an OutboxRunner delivers it after commit, up to `concurrency` at
// once, retries with backoff and jitter, and survives restarts and several instances.
//
// The owner's table keeps its own columns beside the facility's (kOutboxColumns):
//     CREATE TABLE acme_webhooks (id {{id}}, url TEXT NOT NULL, body TEXT NOT NULL,
//                                 created_at TEXT NOT NULL, <kOutboxColumns>)
// plus outboxIndexes("acme_webhooks", "url") in the same migration. A row is queued with
// status 'queued' and next_attempt_ms = outboxNowMs(); the runner moves it to 'sending'
// (with a lease), then to the spec's doneStatus, back to 'queued' for a retry, or 'failed'.
// Rows with one key (a recipient) are delivered one at a time, in id order.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "duka/database.hpp"
#include "duka/metrics.hpp"

namespace duka {

// kOutboxColumns are the columns the runner reads and writes, for the owner's CREATE TABLE.
inline constexpr const char* kOutboxColumns =
    "status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
    "next_attempt_ms BIGINT NOT NULL, lease_until_ms BIGINT NOT NULL DEFAULT 0, "
    "last_error TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL";

// outboxIndexes are the indexes a claim reads: the due rows in order, and the rows of one
// key still waiting (a partial index, so delivered rows never slow a claim down).
std::vector<std::string> outboxIndexes(const std::string& table, const std::string& keyColumn);

// outboxNowMs is the wall clock in milliseconds since the epoch, as next_attempt_ms holds it.
std::int64_t outboxNowMs();

struct OutboxSpec {
  std::string name;                  // "sms": the metrics' label and the logs' prefix
  std::string table;                 // the owner's table, with kOutboxColumns
  std::string keyColumn;             // one key's rows go one at a time, in id order
  std::vector<std::string> columns;  // the owner's columns a claim reads for deliver
  std::string doneStatus = "done";   // the status of a delivered row
  int concurrency = 8;               // rows in flight at once, per instance
  int maxAttempts = 8;
  std::chrono::seconds retryBase{2};  // the first retry after about this, then doubling
  std::chrono::seconds retryMax{600};
  std::chrono::milliseconds callTimeout{10000};  // one delivery; the lease is 3x + 5 s
};

// OutboxRow is a claimed row: its id, the attempts before this one, and spec.columns' values.
struct OutboxRow {
  std::int64_t id = 0;
  int attempts = 0;
  std::vector<std::string> columns;
};

// Delivery is what one attempt came to.
struct Delivery {
  enum class Outcome { Done, Retry, Failed };
  Outcome outcome = Outcome::Retry;
  std::string error;      // Retry, Failed: why; kept in last_error, so never a secret
  std::string reference;  // Done: the other side's id for it (a message id)
  std::optional<std::chrono::milliseconds> retryAfter;  // Retry: the other side's wish

  static Delivery done(std::string reference = {}) {
    return {Outcome::Done, {}, std::move(reference), {}};
  }
  static Delivery retry(std::string error,
                        std::optional<std::chrono::milliseconds> after = std::nullopt) {
    return {Outcome::Retry, std::move(error), {}, after};
  }
  static Delivery failed(std::string error) { return {Outcome::Failed, std::move(error), {}, {}}; }
};

// OutboxSettlement is what the runner records: the delivery (a Retry at maxAttempts becomes
// Failed, naming the attempts), the attempts so far, and for a Retry the wait before the next.
struct OutboxSettlement {
  Delivery delivery;
  int attempts = 0;
  std::chrono::milliseconds retryIn{0};
};

// OutboxCourier is the owner's side: it makes the call, and may record more of the outcome.
class OutboxCourier {
 public:
  virtual ~OutboxCourier();
  // deliver makes the call for row on a worker thread, outside any transaction, within about
  // spec.callTimeout. It runs for up to `concurrency` rows at once. A throw is a Retry.
  virtual Delivery deliver(const OutboxRow& row) = 0;
  // settled runs on the worker thread once the outcome is decided (logs, counters).
  virtual void settled(const OutboxRow& row, const OutboxSettlement& settlement);
  // record writes the owner's columns in the transaction that records the outcome.
  virtual void record(Transaction& tx, const OutboxRow& row, const OutboxSettlement& settlement);
};

// RetrySchedule is the wait before attempt n+1: base * 2^(n-1), capped at max, drawn uniformly
// from [half, whole] of that ("equal jitter") so rows failed together do not retry together.
class RetrySchedule {
 public:
  RetrySchedule(std::chrono::seconds base, std::chrono::seconds max) : base_(base), max_(max) {}
  std::chrono::milliseconds ceiling(int attempts) const;
  std::chrono::milliseconds delayAfter(int attempts, double unit) const;  // unit in [0, 1)

 private:
  std::chrono::seconds base_;
  std::chrono::seconds max_;
};

// OutboxRunner delivers one outbox: `concurrency` worker threads, each claiming a due row
// (one short write transaction; rows another worker or instance holds are skipped), calling
// deliver outside any transaction, and writing the settlement with its next claim. Idle
// workers sleep until wake() (a row was committed) or, for one of them, the next due row.
// It registers duka_<name>_outbox_depth and duka_outbox_messages_total{outbox,outcome}.
class OutboxRunner {
 public:
  OutboxRunner(Database& db, OutboxSpec spec, OutboxCourier& courier, Metrics& metrics,
               Poco::Logger& log);
  ~OutboxRunner();  // stop()
  OutboxRunner(const OutboxRunner&) = delete;
  OutboxRunner& operator=(const OutboxRunner&) = delete;

  void start();
  // wake has an idle worker look for due rows now; call it after a row was committed.
  void wake();
  // stop lets the deliveries in flight finish, records them, and joins the workers.
  void stop();
  // pending counts the rows waiting (queued or sending).
  std::int64_t pending();
  // claimQueries are the SELECTs a claim tries in order ($1 = now in ms), for EXPLAIN in tests.
  std::vector<std::string> claimQueries() const;

 private:
  struct Claimed;
  void work(bool watcher);
  // settleAndClaim records last's outcome and, with claim, takes a due row; `more` says
  // whether another row was claimable then (so that one more worker should look).
  std::optional<OutboxRow> settleAndClaim(const std::optional<Claimed>& last, bool claim,
                                          bool* more = nullptr);
  OutboxSettlement settle(const OutboxRow& row, Delivery delivery);
  void idle(bool watcher, std::uint64_t seen);

  Database& db_;
  OutboxSpec spec_;
  OutboxCourier& courier_;
  Poco::Logger& log_;
  RetrySchedule retries_;
  std::vector<std::string> claims_;  // claimQueries(), expanded for the backend
  std::string selectColumns_;
  std::atomic<std::uint64_t>& done_;
  std::atomic<std::uint64_t>& failed_;
  std::atomic<std::uint64_t>& retried_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::uint64_t generation_ = 0;  // bumped by every wake
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace duka
