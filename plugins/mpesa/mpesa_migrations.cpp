#include "mpesa_migrations.hpp"

#include <duka/facility/outbox.hpp>
#include <duka/facility/table_rebuild.hpp>

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
      // The status queries to make: an outbox (duka/facility/outbox.hpp), one payment's in order.
      "CREATE TABLE mpesa_tasks ("
      " id {{id}},"
      " payment_id BIGINT NOT NULL,"
      " checkout_request_id TEXT NOT NULL,"
      " created_at TEXT NOT NULL, " +
          std::string(kOutboxColumns) + ")"};
  for (const auto& index : outboxIndexes("mpesa_tasks", "payment_id"))
    statements.push_back(index);
  // The Idempotency-Keys of POST /api/orders/{id}/pay/mpesa/, moved to the host's table by
  // migration 3.
  statements.push_back(
      "CREATE TABLE mpesa_idempotency ("
      " subject TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL,"
      " state TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,"
      " created_unix BIGINT NOT NULL, PRIMARY KEY (subject, idem_key))");
  // Payments that named no payable order (order_id and customer_id NULL), the amount M-Pesa
  // reported beside the one that counts, why staff must reconcile a payment, and one
  // requested push per order, kept by a unique index. The start is refused while an order
  // has two pushes waiting (they settle within Daraja's status queries).
  const std::string payments =
      "CREATE TABLE mpesa_payments ("
      " id INTEGER PRIMARY KEY,"
      " order_id BIGINT,"
      " customer_id BIGINT,"
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
      " reported_amount_minor BIGINT NOT NULL DEFAULT 0,"
      " reconciliation TEXT NOT NULL DEFAULT '',"
      " created_at TEXT NOT NULL,"
      " updated_at TEXT NOT NULL)";
  const std::vector<std::string> indexes = {
      "CREATE UNIQUE INDEX mpesa_payments_one_push ON mpesa_payments (order_id) "
      "WHERE status = 'requested'",
      // Keys older than a day were purged by their age.
      "CREATE INDEX mpesa_idempotency_created ON mpesa_idempotency (created_unix)"};
  std::vector<std::string> postgresql = {
      "ALTER TABLE mpesa_payments ALTER COLUMN order_id DROP NOT NULL",
      "ALTER TABLE mpesa_payments ALTER COLUMN customer_id DROP NOT NULL",
      "ALTER TABLE mpesa_payments ADD COLUMN reported_amount_minor BIGINT NOT NULL DEFAULT 0",
      "ALTER TABLE mpesa_payments ADD COLUMN reconciliation TEXT NOT NULL DEFAULT ''"};
  postgresql.insert(postgresql.end(), indexes.begin(), indexes.end());
  std::vector<std::string> after = {
      "CREATE INDEX mpesa_payments_order ON mpesa_payments (order_id)",
      "CREATE INDEX mpesa_payments_customer ON mpesa_payments (customer_id)"};
  after.insert(after.end(), indexes.begin(), indexes.end());
  return {
      {1, "payments, receipts, status queries and idempotency keys", statements, {}},
      {.version = 2,
       .description = "unmatched payments, reported amounts, reconciliation, one push per order",
       .statements = rebuildTables(
           {{"mpesa_payments", payments,
             "id, order_id, customer_id, status, amount_minor, phone_number, "
             "checkout_request_id, merchant_request_id, receipt, result_code, result_desc, "
             "callback_receipt, callback_amount_minor, created_at, updated_at"}},
           after),
       .postgresql = postgresql,
       .violations = "SELECT 'order ' || order_id || ' has ' || COUNT(*) || ' M-Pesa pushes "
                     "waiting; start the previous version until they settle' FROM "
                     "mpesa_payments WHERE status = 'requested' GROUP BY order_id "
                     "HAVING COUNT(*) > 1"},
      // Idempotency-Key is the host's now (RouteSpec::idempotent): the keys of the last day
      // move to its table, so a retry across the upgrade still replays.
      {.version = 3,
       .description = "mpesa: idempotency keys moved to the host's table",
       .statements = {"INSERT INTO duka_idempotency_keys (subject, idem_key, request_hash, "
                      "state, status, body, created_unix) SELECT subject, idem_key, "
                      "request_hash, state, status, body, created_unix FROM mpesa_idempotency "
                      "WHERE true ON CONFLICT DO NOTHING",
                      "DROP TABLE mpesa_idempotency"},
       .postgresql = {}},
      // The payments report reads a period by creation time; staff list the receipts to
      // match (succeeded, linked to no order).
      {.version = 4,
       .description = "mpesa: payments by creation time, unmatched receipts",
       .statements = {"CREATE INDEX mpesa_payments_created ON mpesa_payments (created_at)",
                      "CREATE INDEX mpesa_payments_unmatched ON mpesa_payments (id) "
                      "WHERE order_id IS NULL AND status = 'succeeded'"},
       .postgresql = {}}};
}

}  // namespace duka::mpesa
