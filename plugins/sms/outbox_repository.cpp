#include "outbox_repository.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <duka/sql.hpp>

namespace duka::sms {

namespace {

constexpr const char* kColumns =
    "id, event, recipient, body, status, attempts, next_attempt_ms, last_error, provider, "
    "provider_message_id, delivery_status, created_at, updated_at, sent_at";

EventContext dispatcherContext() {
  return EventContext::system("sms.dispatcher");
}

std::string rfc3339(std::int64_t epochMs) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(epochMs * 1000), "%Y-%m-%dT%H:%M:%SZ");
}

// The reason text is shown to staff and kept in a column: bounded.
std::string bounded(const std::string& text) {
  return text.size() <= 500 ? text : text.substr(0, 500);
}

}  // namespace

const Shape<OutboxRow>& notificationShape() {
  static const Shape<OutboxRow> shape =
      Shape<OutboxRow>("Notification", "One SMS in the outbox")
          .field("id", &OutboxRow::id, {.readOnly = true})
          .field("event", &OutboxRow::event,
                 {.description = "The event that asked for it", .readOnly = true})
          .field("to", &OutboxRow::recipient, {.description = "E.164", .readOnly = true})
          .field("message", &OutboxRow::body, {.readOnly = true})
          .field(
              "status", &OutboxRow::status,
              {.readOnly = true, .choices = {"queued", "sending", "sent", "delivered", "failed"}})
          .computed("attempts", [](const OutboxRow& row) { return std::int64_t{row.attempts}; })
          .computed("next_attempt_at",
                    [](const OutboxRow& row) {
                      return row.status == "queued" ? rfc3339(row.nextAttemptMs) : std::string();
                    },
                    {.description = "When a queued message is tried next",
                     .nullable = true,
                     .format = "date-time"})
          .field("last_error", &OutboxRow::lastError,
                 {.description = "Why the last attempt failed", .nullable = true, .readOnly = true})
          .field("provider", &OutboxRow::provider,
                 {.description = "The provider that took it", .nullable = true, .readOnly = true})
          .field("provider_message_id", &OutboxRow::providerMessageId,
                 {.nullable = true, .readOnly = true})
          .field("delivery_status", &OutboxRow::deliveryStatus,
                 {.description = "The provider's last delivery report",
                  .nullable = true,
                  .readOnly = true})
          .field("created_at", &OutboxRow::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &OutboxRow::updatedAt, {.readOnly = true, .format = "date-time"})
          .field("sent_at", &OutboxRow::sentAt,
                 {.nullable = true, .readOnly = true, .format = "date-time"});
  return shape;
}

const std::vector<std::string>& OutboxRepository::claimQueries(Backend backend) {
  // Two queries, not one with OR: each reads the (status, next_attempt_ms) index in order
  // and stops at its first row, so a claim costs the same whether ten or a hundred thousand
  // messages wait. (One query with OR collected and sorted every due row, for each claim.)
  // A row whose sender died mid-send (its lease ran out) goes first: it has waited longest.
  // SKIP LOCKED (PostgreSQL): a row another instance is claiming right now is passed over,
  // not waited for. SQLite's write transactions already take turns.
  // Built once per backend: a claim runs for every message.
  auto build = [](Backend b) {
    const std::string select = "SELECT " + std::string(kColumns) + " FROM sms_outbox WHERE ";
    const std::string first = " ORDER BY next_attempt_ms, id LIMIT 1 {{skip_locked}}";
    return std::vector<std::string>{
        sqlFor(b, select + "status = 'sending' AND lease_until_ms <= $1" + first),
        sqlFor(b, select + "status = 'queued' AND next_attempt_ms <= $1" + first)};
  };
  static const std::vector<std::string> sqlite = build(Backend::Sqlite);
  static const std::vector<std::string> postgresql = build(Backend::Postgresql);
  return backend == Backend::Sqlite ? sqlite : postgresql;
}

void OutboxRepository::enqueue(Transaction& tx, const std::string& event,
                               const std::string& recipient, const std::string& body) {
  const std::string at = nowRfc3339();
  const std::int64_t due = Poco::Timestamp().epochMicroseconds() / 1000;
  tx.queue(
      "INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, created_at, "
      "updated_at) VALUES ($1, $2, $3, 'queued', $4, $5, $5)",
      {event, recipient, body, due, at});
}

namespace {

// settle writes a send's outcome; it travels with the next claim (PostgreSQL).
void settle(Transaction& tx, const Settlement& settled) {
  const std::int64_t id = settled.id, attempts = settled.attempts;
  const std::string at = nowRfc3339(), error = bounded(settled.error);
  switch (settled.kind) {
    case Settlement::Kind::Sent:
      tx.queue(
          "UPDATE sms_outbox SET status = 'sent', attempts = $1, provider_message_id = $2, "
          "last_error = '', sent_at = $3, updated_at = $3 WHERE id = $4 AND status = 'sending'",
          {attempts, settled.providerMessageId, at, id});
      return;
    case Settlement::Kind::Retry:
      tx.queue(
          "UPDATE sms_outbox SET status = 'queued', attempts = $1, next_attempt_ms = $2, "
          "lease_until_ms = 0, last_error = $3, updated_at = $4 "
          "WHERE id = $5 AND status = 'sending'",
          {attempts, settled.nextAttemptMs, error, at, id});
      return;
    case Settlement::Kind::Failed:
      tx.queue(
          "UPDATE sms_outbox SET status = 'failed', attempts = $1, last_error = $2, "
          "lease_until_ms = 0, updated_at = $3 WHERE id = $4 AND status = 'sending'",
          {attempts, error, at, id});
      return;
  }
}

// rowOf reads a row selected with kColumns.
OutboxRow rowOf(const SqlRow& row) {
  OutboxRow out;
  out.id = row.integer(0);
  out.event = row.text(1);
  out.recipient = row.text(2);
  out.body = row.text(3);
  out.status = row.text(4);
  out.attempts = static_cast<int>(row.integer(5));
  out.nextAttemptMs = row.integer(6);
  out.lastError = row.text(7);
  out.provider = row.text(8);
  out.providerMessageId = row.text(9);
  out.deliveryStatus = row.text(10);
  out.createdAt = row.text(11);
  out.updatedAt = row.text(12);
  out.sentAt = row.text(13);
  return out;
}

}  // namespace

std::optional<OutboxRow> OutboxRepository::settleAndClaim(const std::optional<Settlement>& settled,
                                                          std::int64_t nowMs,
                                                          std::int64_t leaseUntilMs,
                                                          const std::string& provider, bool claim) {
  return db_.transact(dispatcherContext(), [&](Transaction& tx) -> std::optional<OutboxRow> {
    if (settled)
      settle(tx, *settled);
    if (!claim)
      return std::nullopt;
    // A claim and a settlement run for every message, in the SQLite writer's batches beside
    // the orders.
    std::optional<OutboxRow> due;
    for (const std::string& query : claimQueries(tx.backend())) {
      tx.run(query, {nowMs}, [&](const SqlRow& row) { due = rowOf(row); });
      if (due)
        break;
    }
    if (!due)
      return std::nullopt;
    OutboxRow claimed = std::move(*due);
    tx.run(
        "UPDATE sms_outbox SET status = 'sending', lease_until_ms = $1, provider = $2, "
        "updated_at = $3 WHERE id = $4",
        {leaseUntilMs, provider, nowRfc3339(), claimed.id});
    claimed.status = "sending";
    claimed.provider = provider;
    return claimed;
  });
}

int OutboxRepository::applyDeliveryReport(const std::string& providerMessageId,
                                          const std::string& status,
                                          const std::string& failureReason) {
  return db_.transact(dispatcherContext(), [&](Transaction& tx) {
    std::string messageId = providerMessageId, report = bounded(status), at = nowRfc3339();
    // Success is final delivery; Rejected and Failed are final failures; Sent, Submitted and
    // Buffered are on the way: they touch only a row still sent, so a report that arrives
    // late never moves a delivered or failed row back.
    std::string next = status == "Success"                          ? "delivered"
                       : status == "Rejected" || status == "Failed" ? "failed"
                                                                    : "sent";
    std::string error =
        next == "failed"
            ? bounded("delivery " + status + (failureReason.empty() ? "" : ": " + failureReason))
            : "";
    const std::string rows =
        next == "sent" ? "status = 'sent'" : "status IN ('sent', 'delivered', 'failed')";
    return static_cast<int>(
        tx.run("UPDATE sms_outbox SET status = $1, delivery_status = $2, last_error = $3, "
               "updated_at = $4 WHERE provider_message_id = $5 AND provider_message_id <> '' "
               "AND " +
                   rows,
               {next, report, error, at, messageId}));
  });
}

Listing<OutboxRow> OutboxRepository::list(const OutboxFilter& filter, const Page& page) {
  DbSession session = db_.session();
  return fetchPage<OutboxRow>(
      *session,
      {.columns = kColumns,
       .from = "FROM sms_outbox WHERE ($1 = '' OR status = $1) AND ($2 = '' OR recipient = $2)",
       .orderBy = "id DESC",
       .values = {filter.status, filter.recipient}},
      page, rowOf);
}

std::int64_t OutboxRepository::pending() {
  std::int64_t total = 0;
  db_.run("SELECT COUNT(*) FROM sms_outbox WHERE status IN ('queued', 'sending')", {},
          [&](const SqlRow& row) { total = row.integer(0); });
  return total;
}

std::optional<std::int64_t> OutboxRepository::nextDueMs() {
  std::optional<std::int64_t> next;
  db_.run("SELECT MIN(next_attempt_ms) FROM sms_outbox WHERE status = 'queued'", {},
          [&](const SqlRow& row) {
            if (!row.isNull(0))
              next = row.integer(0);
          });
  return next;
}

}  // namespace duka::sms
