#include "outbox_repository.hpp"

#include <Poco/String.h>

#include <duka/facility/outbox.hpp>
#include <duka/rows.hpp>

namespace duka::sms {

namespace {

const Rows<Notification> kNotificationRows =
    Rows<Notification>("sms_outbox")
        .column("id", &Notification::id)
        .column("event", &Notification::event)
        .column("recipient", &Notification::recipient)
        .column("body", &Notification::body)
        .column("status", &Notification::status)
        .column("attempts", &Notification::attempts)
        .column("next_attempt_ms", &Notification::nextAttemptMs)
        .column("last_error", &Notification::lastError)
        .column("provider", &Notification::provider)
        .column("provider_message_id", &Notification::providerMessageId)
        .column("delivery_status", &Notification::deliveryStatus)
        .column("created_at", &Notification::createdAt)
        .column("updated_at", &Notification::updatedAt)
        .column("sent_at", &Notification::sentAt);

EventContext deliveryReportContext() {
  return EventContext::system("sms.delivery_report");
}

// The reason text is shown to staff and kept in a column: bounded.
std::string bounded(const std::string& text) {
  return text.size() <= 500 ? text : text.substr(0, 500);
}

}  // namespace

const Shape<Notification>& notificationShape() {
  static const Shape<Notification> shape =
      Shape<Notification>("Notification", "One SMS in the outbox")
          .field("id", &Notification::id, {.readOnly = true})
          .field("event", &Notification::event,
                 {.description = "The event that asked for it", .readOnly = true})
          .field("to", &Notification::recipient, {.description = "E.164", .readOnly = true})
          .field("message", &Notification::body, {.readOnly = true})
          .field(
              "status", &Notification::status,
              {.readOnly = true, .choices = {"queued", "sending", "sent", "delivered", "failed"}})
          .field("attempts", &Notification::attempts, {.readOnly = true})
          .computed("next_attempt_at",
                    [](const Notification& row) {
                      return row.status == "queued"
                                 ? rfc3339(std::chrono::system_clock::time_point(
                                       std::chrono::milliseconds(row.nextAttemptMs)))
                                 : std::string();
                    },
                    {.description = "When a queued message is tried next",
                     .nullable = true,
                     .format = "date-time"})
          .field("last_error", &Notification::lastError,
                 {.description = "Why the last attempt failed", .nullable = true, .readOnly = true})
          .field("provider", &Notification::provider,
                 {.description = "The provider that took it", .nullable = true, .readOnly = true})
          .field("provider_message_id", &Notification::providerMessageId,
                 {.nullable = true, .readOnly = true})
          .field("delivery_status", &Notification::deliveryStatus,
                 {.description = "The provider's last delivery report",
                  .nullable = true,
                  .readOnly = true})
          .field("created_at", &Notification::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Notification::updatedAt, {.readOnly = true, .format = "date-time"})
          .field("sent_at", &Notification::sentAt,
                 {.nullable = true, .readOnly = true, .format = "date-time"});
  return shape;
}

void OutboxRepository::enqueue(Transaction& tx, const std::string& event,
                               const std::string& recipient, const std::string& body) {
  const std::string at = nowRfc3339();
  const std::int64_t due = outboxNowMs();
  tx.run(
      "INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, created_at, "
      "updated_at) VALUES ($1, $2, $3, 'queued', $4, $5, $5)",
      {event, recipient, body, due, at});
}

int OutboxRepository::applyDeliveryReport(const std::string& providerMessageId,
                                          const std::string& status,
                                          const std::string& failureReason) {
  return db_.transact(deliveryReportContext(), [&](Transaction& tx) {
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

Listing<Notification> OutboxRepository::list(const OutboxFilter& filter, const Page& page) {
  ListQuery query{.orderBy = "id DESC"};
  if (!filter.status.empty())
    query.also("status = ?", {filter.status});
  if (!filter.recipient.empty())
    query.also("recipient = ?", {filter.recipient});
  return page.read(db_, kNotificationRows, query);
}

}  // namespace duka::sms
