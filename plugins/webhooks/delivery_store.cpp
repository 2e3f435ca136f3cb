#include "delivery_store.hpp"

#include <duka/facility/outbox.hpp>
#include <duka/rows.hpp>

namespace duka::webhooks {

namespace {

// The API's status of an outbox row.
constexpr const char* kStatusOf =
    "CASE status WHEN 'delivered' THEN 'delivered' WHEN 'failed' THEN 'failed' "
    "ELSE 'pending' END";

const Rows<DeliveryView> kDeliveryRows =
    Rows<DeliveryView>("webhooks_deliveries")
        .column("id", &DeliveryView::id)
        .column("event", &DeliveryView::event)
        .column("event_id", &DeliveryView::eventId)
        .column(kStatusOf, &DeliveryView::status)
        .column("attempts", &DeliveryView::attempts)
        .column("CASE WHEN status IN ('queued', 'sending') THEN next_attempt_ms ELSE 0 END",
                &DeliveryView::nextAttemptAt)
        .column("last_status_code", &DeliveryView::lastStatusCode)
        .column("last_error", &DeliveryView::lastError)
        .column("COALESCE(delivered_at, '')", &DeliveryView::deliveredAt)
        .column("created_at", &DeliveryView::createdAt);

const Rows<Attempt> kAttemptRows = Rows<Attempt>("webhooks_attempts")
                                       .column("at", &Attempt::at)
                                       .column("status_code", &Attempt::statusCode)
                                       .column("duration_ms", &Attempt::durationMs)
                                       .column("error", &Attempt::error)
                                       .column("response_excerpt", &Attempt::responseExcerpt);

// shown turns next_attempt_ms (read as text) into RFC 3339, "" when 0.
void showNextAttempt(DeliveryView& view) {
  const std::int64_t ms = view.nextAttemptAt.empty() ? 0 : std::stoll(view.nextAttemptAt);
  view.nextAttemptAt =
      ms == 0 ? "" : rfc3339(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

}  // namespace

void DeliveryStore::insert(Transaction& tx, const NewDelivery& delivery) {
  const std::string now = nowRfc3339();
  tx.run(
      "INSERT INTO webhooks_deliveries (endpoint_id, message_id, event, event_id, entity, body, "
      "created_at, status, next_attempt_ms, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $7)",
      {delivery.endpointId, delivery.messageId, delivery.event, delivery.eventId, delivery.entity,
       delivery.body, now, outboxNowMs()});
}

Listing<DeliveryView> DeliveryStore::list(std::int64_t endpointId, const std::string& status,
                                          const Page& page) {
  ListQuery query{.where = "endpoint_id = $1", .orderBy = "id DESC", .values = {endpointId}};
  if (!status.empty()) {
    query.where += std::string(" AND ") + kStatusOf + " = $2";
    query.values.push_back(status);
  }
  Listing<DeliveryView> listing = page.read(db_, kDeliveryRows, query);
  for (auto& view : listing.results)
    showNextAttempt(view);
  return listing;
}

std::optional<DeliveryView> DeliveryStore::find(std::int64_t endpointId, std::int64_t id) {
  auto view = kDeliveryRows.one(db_, "WHERE id = $1 AND endpoint_id = $2", {id, endpointId});
  if (!view)
    return std::nullopt;
  showNextAttempt(*view);
  view->attemptLog = kAttemptRows.all(db_, "WHERE delivery_id = $1 ORDER BY id", {id});
  return view;
}

bool DeliveryStore::redeliver(Transaction& tx, std::int64_t endpointId, std::int64_t id) {
  return tx.run(
             "UPDATE webhooks_deliveries SET status = 'queued', attempts = 0, next_attempt_ms = "
             "$1, lease_until_ms = 0, updated_at = $2 WHERE id = $3 AND endpoint_id = $4 AND "
             "status IN ('delivered', 'failed')",
             {outboxNowMs(), nowRfc3339(), id, endpointId}) > 0;
}

void DeliveryStore::recordAttempt(Transaction& tx, std::int64_t deliveryId, const Attempt& attempt,
                                  bool delivered) {
  tx.run(
      "INSERT INTO webhooks_attempts (delivery_id, at, status_code, duration_ms, error, "
      "response_excerpt) VALUES ($1, $2, $3, $4, $5, $6)",
      {deliveryId, attempt.at, attempt.statusCode, attempt.durationMs, attempt.error,
       attempt.responseExcerpt});
  tx.run(
      "UPDATE webhooks_deliveries SET last_status_code = $1, delivered_at = CASE WHEN $2 = 1 "
      "THEN $3 ELSE delivered_at END WHERE id = $4",
      {attempt.statusCode, static_cast<std::int64_t>(delivered ? 1 : 0), attempt.at, deliveryId});
}

std::size_t DeliveryStore::prune(const std::string& before) {
  std::size_t pruned = 0;
  db_.write(EventContext::system("webhooks"), [&](Transaction& tx) {
    tx.run(
        "DELETE FROM webhooks_attempts WHERE delivery_id IN (SELECT id FROM webhooks_deliveries "
        "WHERE status IN ('delivered', 'failed') AND updated_at < $1)",
        {before});
    pruned = tx.run(
        "DELETE FROM webhooks_deliveries WHERE status IN ('delivered', 'failed') AND updated_at "
        "< $1",
        {before});
  });
  return pruned;
}

}  // namespace duka::webhooks
