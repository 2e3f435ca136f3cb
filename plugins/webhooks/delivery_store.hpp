// DeliveryStore: the webhooks_deliveries table (an outbox: the host claims, retries and
// settles its rows) and webhooks_attempts. SQL lives here only.
#pragma once

#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::webhooks {

struct Attempt {
  std::string at;
  std::int64_t statusCode = 0;  // 0: no answer
  std::int64_t durationMs = 0;
  std::string error;
  std::string responseExcerpt;  // at most 1 KiB
};

struct DeliveryView {
  std::int64_t id = 0;
  std::string event;
  std::string eventId;
  std::string status;  // pending | delivered | failed
  std::int64_t attempts = 0;
  std::string nextAttemptAt;  // "" unless pending
  std::int64_t lastStatusCode = 0;
  std::string lastError;
  std::string deliveredAt;
  std::string createdAt;
  std::vector<Attempt> attemptLog;  // filled for one delivery's view
};

// NewDelivery is one row the fan-out writes.
struct NewDelivery {
  std::int64_t endpointId = 0;
  std::string messageId;
  std::string event;
  std::string eventId;
  std::string entity;  // the outbox key: "<endpoint>:<entity>"
  std::string body;
};

class DeliveryStore {
 public:
  explicit DeliveryStore(Database& db) : db_(db) {}

  void insert(Transaction& tx, const NewDelivery& delivery);
  Listing<DeliveryView> list(std::int64_t endpointId, const std::string& status, const Page& page);
  std::optional<DeliveryView> find(std::int64_t endpointId, std::int64_t id);
  // redeliver queues the delivery again, due now (the same webhook-id); false when it is
  // not the endpoint's or is pending already.
  bool redeliver(Transaction& tx, std::int64_t endpointId, std::int64_t id);
  void recordAttempt(Transaction& tx, std::int64_t deliveryId, const Attempt& attempt,
                     bool delivered);
  // prune deletes delivered and failed deliveries older than the cut-off (RFC 3339).
  std::size_t prune(const std::string& before);

 private:
  Database& db_;
};

}  // namespace duka::webhooks
