// OutboxRepository: the sms_outbox table. A row is written in its event's transaction
// (queued), claimed by one dispatcher (sending, with a lease), then settled: sent, queued
// again for a retry, or failed; delivery reports move a sent row to delivered or failed.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/pagination.hpp>
#include <duka/shape.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::sms {

struct OutboxRow {
  std::int64_t id = 0;
  std::string event;
  std::string recipient;  // E.164
  std::string body;
  std::string status;  // queued, sending, sent, delivered, failed
  int attempts = 0;
  std::int64_t nextAttemptMs = 0;
  std::string lastError;
  std::string provider;
  std::string providerMessageId;
  std::string deliveryStatus;  // the provider's last delivery report ("Success", ...)
  std::string createdAt;
  std::string updatedAt;
  std::string sentAt;
};

// Settlement is what became of a claimed row: sent, queued again for a retry, or failed.
struct Settlement {
  enum class Kind { Sent, Retry, Failed };
  std::int64_t id = 0;
  int attempts = 0;
  Kind kind = Kind::Retry;
  std::string providerMessageId;   // Sent
  std::int64_t nextAttemptMs = 0;  // Retry
  std::string error;               // Retry, Failed
};

struct OutboxFilter {
  std::string status;
  std::string recipient;
};

// notificationShape is a row as GET /api/notifications/ shows it.
const Shape<OutboxRow>& notificationShape();

class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  // enqueue writes a queued row through the event's transaction, due now.
  void enqueue(Transaction& tx, const std::string& event, const std::string& recipient,
               const std::string& body);

  // settleAndClaim writes the outcome of the last send (if any) and, when claim is set,
  // takes the next row to send and marks it sending until leaseUntilMs, all in one
  // transaction. The next row is one whose lease ran out (a dispatcher died mid-send), else
  // the queued row due earliest; a claim reads one index entry, however long the backlog. Rows
  // another instance holds are skipped, so no two dispatchers claim the same row. A settlement
  // changes its row only while the row is still sending.
  std::optional<OutboxRow> settleAndClaim(const std::optional<Settlement>& settled,
                                          std::int64_t nowMs, std::int64_t leaseUntilMs,
                                          const std::string& provider, bool claim = true);

  // applyDeliveryReport records a provider report on the row with that message id: final
  // success makes it delivered, final failure failed. It returns the rows changed (0 or 1).
  int applyDeliveryReport(const std::string& providerMessageId, const std::string& status,
                          const std::string& failureReason);

  Listing<OutboxRow> list(const OutboxFilter& filter, const Page& page);
  // pending counts the rows waiting to be sent (queued or sending).
  std::int64_t pending();
  // nextDueMs is the earliest next attempt of a queued row, if any.
  std::optional<std::int64_t> nextDueMs();

  // claimQueries are the SELECTs a claim tries, in order, each binding $1 = now (ms); for
  // EXPLAIN in tests.
  static const std::vector<std::string>& claimQueries(Backend backend);

 private:
  Database& db_;
};

}  // namespace duka::sms
