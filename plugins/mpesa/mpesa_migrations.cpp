#include "mpesa_migrations.hpp"

#include <duka/idempotency.hpp>
#include <duka/outbox.hpp>

namespace duka::mpesa {

std::vector<Migration> schema() {
  std::vector<std::string> statements = {
      // One row per STK push or C2B payment. checkout_request_id is Daraja's id of a push
      // (NULL for C2B); the callback_* columns hold a successful callback's receipt and amount
      // until the status query confirms them (confirm_callbacks).
      "CREATE TABLE mpesa_payments ("
      " id {{id}},"
      " order_id BIGINT NOT NULL,"
      " customer_id BIGINT NOT NULL,"
      " status TEXT NOT NULL CHECK (status = 'requested' OR status = 'succeeded' OR "
      "status = 'failed'),"
      " amount_minor BIGINT NOT NULL,"
      " phone_number TEXT NOT NULL,"
      " checkout_request_id TEXT UNIQUE,"
      " merchant_request_id TEXT NOT NULL,"
      " receipt TEXT NOT NULL,"
      " result_code TEXT NOT NULL,"
      " result_desc TEXT NOT NULL,"
      " callback_receipt TEXT NOT NULL DEFAULT '',"
      " callback_amount_minor BIGINT NOT NULL DEFAULT 0,"
      " created_at TEXT NOT NULL,"
      " updated_at TEXT NOT NULL)",
      "CREATE INDEX mpesa_payments_order ON mpesa_payments (order_id)",
      "CREATE INDEX mpesa_payments_customer ON mpesa_payments (customer_id)",
      // Its primary key is the rule: one M-Pesa receipt (MpesaReceiptNumber, TransID) counts
      // once, whichever way it arrives.
      "CREATE TABLE mpesa_receipts ("
      " receipt TEXT PRIMARY KEY,"
      " payment_id BIGINT NOT NULL,"
      " created_at TEXT NOT NULL)",
      // The status queries to make: an outbox (duka/outbox.hpp), one payment's in order.
      "CREATE TABLE mpesa_tasks ("
      " id {{id}},"
      " payment_id BIGINT NOT NULL,"
      " checkout_request_id TEXT NOT NULL,"
      " created_at TEXT NOT NULL, " +
          std::string(kOutboxColumns) + ")"};
  for (const auto& index : outboxIndexes("mpesa_tasks", "payment_id"))
    statements.push_back(index);
  // The Idempotency-Keys of POST /api/orders/{id}/pay/mpesa/.
  statements.push_back(idempotencyTable("mpesa_idempotency"));
  return {{1, "payments, receipts, status queries and idempotency keys", statements, {}}};
}

}  // namespace duka::mpesa
