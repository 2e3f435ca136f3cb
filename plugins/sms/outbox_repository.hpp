// OutboxRepository: the sms_outbox table. A row is written in its event's transaction
// (queued); the host's outbox claims it (sending, with a lease) and settles it: sent,
// queued again for a retry, or failed; delivery reports move a sent row to delivered or
// failed.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/shape.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::sms {

struct Notification {
  std::int64_t id = 0;
  std::string event;
  std::string recipient;  // E.164
  std::string body;
  std::string status;  // queued, sending, sent, delivered, failed
  std::int64_t attempts = 0;
  std::int64_t nextAttemptMs = 0;
  std::string lastError;
  std::string provider;
  std::string providerMessageId;
  std::string deliveryStatus;  // the provider's last delivery report ("Success", ...)
  std::string createdAt;
  std::string updatedAt;
  std::string sentAt;
};

struct OutboxFilter {
  std::string status;
  std::string recipient;
};

// notificationShape is a row as GET /api/notifications/ shows it.
const Shape<Notification>& notificationShape();

class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  // enqueue writes a queued row through the event's transaction, due now.
  void enqueue(Transaction& tx, const std::string& event, const std::string& recipient,
               const std::string& body);

  // applyDeliveryReport records a provider report on the row with that message id: final
  // success makes it delivered, final failure failed. It returns the rows changed (0 or 1).
  int applyDeliveryReport(const std::string& providerMessageId, const std::string& status,
                          const std::string& failureReason);

  Listing<Notification> list(const OutboxFilter& filter, const Page& page);

 private:
  Database& db_;
};

}  // namespace duka::sms
