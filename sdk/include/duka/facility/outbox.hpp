// duka/facility/outbox.hpp: calls to other services that must not be lost (an SMS, a payment's
// status query, later a webhook). The owner writes a row in the transaction of the event
// that asks for the call; the host delivers it after commit through the owner's courier, up
// to `concurrency` at once, retries with backoff and jitter ("equal jitter": each wait drawn
// from the upper half of base * 2^(n-1), capped at retryMax), and survives restarts and
// several instances:
//     outbox_ = &context.outbox(spec, std::make_shared<AcmeCourier>(...));   // in start()
//     tx.run("INSERT INTO acme_webhooks ...", {...}); outbox_->queued(tx);   // in a write
//
// The owner's table keeps its own columns beside the facility's (kOutboxColumns):
//     CREATE TABLE acme_webhooks (id {{id}}, url TEXT NOT NULL, body TEXT NOT NULL,
//                                 created_at TEXT NOT NULL, <kOutboxColumns>)
// plus outboxIndexes("acme_webhooks", "url") in the same migration. A row is queued with
// status 'queued' and next_attempt_ms = outboxNowMs(); the host moves it to 'sending'
// (with a lease), then to the spec's doneStatus, back to 'queued' for a retry, or 'failed'.
// Rows with one key (a recipient) are delivered one at a time, in id order; a worker takes a
// key's rows due together in a run of up to 8, and records their outcomes together.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "duka/database.hpp"

namespace duka {

// kOutboxColumns are the columns the host reads and writes, for the owner's CREATE TABLE.
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
  std::chrono::milliseconds callTimeout{10000};  // one delivery; lease: 3x + 5 s + min(5 s, x)
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

// OutboxSettlement is what the host records: the delivery (a Retry at maxAttempts becomes
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

// Outbox is an outbox the host runs for a plugin (PluginContext::outbox): `concurrency`
// workers from when every plugin has started until this one stops (before its stop()),
// each claiming a due row (rows another worker or instance holds are skipped), calling the
// courier outside any transaction, and recording the outcome with its next claim. It
// registers duka_<name>_outbox_depth and duka_outbox_messages_total{outbox,outcome}.
class Outbox {
 public:
  virtual ~Outbox();
  // queued says that tx wrote a row due now: a worker looks for it once tx commits. (A row
  // due later is found when it comes due, as is one another instance wrote.)
  virtual void queued(Transaction& tx) = 0;
  // pending counts the rows waiting (queued or sending).
  virtual std::int64_t pending() = 0;
};

}  // namespace duka
