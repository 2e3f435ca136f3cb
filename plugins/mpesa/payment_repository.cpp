#include "payment_repository.hpp"

#include <duka/plugins/mpesa/payment_rows.hpp>

namespace duka::mpesa {

namespace {

// The columns of a payment as the API shows it, and of the whole row.
const Rows<MpesaPayment> kMpesaPaymentRows =
    Rows<MpesaPayment>("mpesa_payments")
        .embed(&MpesaPayment::payment, kPaymentRows)
        .column("customer_id", &MpesaPayment::customerId)
        .column("merchant_request_id", &MpesaPayment::merchantRequestId)
        .column("callback_receipt", &MpesaPayment::callbackReceipt)
        .column("callback_amount_minor", &MpesaPayment::callbackAmountMinor)
        .column("reported_amount_minor", &MpesaPayment::reportedAmountMinor);

SqlValue nullIfNone(const std::optional<std::int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue(nullptr);
}

// Daraja's words are shown to staff and kept: bounded.
std::string bounded(const std::string& text) {
  return text.size() <= 300 ? text : text.substr(0, 300);
}

}  // namespace

void PaymentRepository::insert(Transaction& tx, MpesaPayment& row) {
  Payment& p = row.payment;
  p.createdAt = p.updatedAt = nowRfc3339();
  p.id = tx.insert(
      "INSERT INTO mpesa_payments (order_id, customer_id, status, amount_minor, phone_number, "
      "checkout_request_id, merchant_request_id, receipt, result_code, result_desc, "
      "reported_amount_minor, reconciliation, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
      {nullIfNone(p.orderId), nullIfNone(row.customerId), p.status, p.amountMinor, p.phoneNumber,
       nullIfEmpty(p.checkoutRequestId), row.merchantRequestId, p.receipt, p.resultCode,
       bounded(p.resultDesc), row.reportedAmountMinor, bounded(p.reconciliation), p.createdAt});
}

bool PaymentRepository::reserve(Transaction& tx, MpesaPayment& row,
                                const std::string& staleBefore) {
  Payment& p = row.payment;
  p.status = orders::kPaymentStatusRequested;
  p.createdAt = p.updatedAt = nowRfc3339();
  tx.run(
      "UPDATE mpesa_payments SET status = 'failed', result_desc = 'The push was never confirmed: "
      "reconcile it with Daraja by hand', reconciliation = 'push not confirmed', updated_at = $1 "
      "WHERE order_id = $2 AND status = 'requested' AND checkout_request_id IS NULL AND "
      "created_at < $3",
      {p.updatedAt, nullIfNone(p.orderId), staleBefore});
  if (tx.run("INSERT INTO mpesa_payments (order_id, customer_id, status, amount_minor, "
             "phone_number, merchant_request_id, receipt, result_code, result_desc, created_at, "
             "updated_at) VALUES ($1, $2, 'requested', $3, $4, '', '', '', '', $5, $5) "
             "ON CONFLICT DO NOTHING",
             {nullIfNone(p.orderId), nullIfNone(row.customerId), p.amountMinor, p.phoneNumber,
              p.createdAt}) != 1)
    return false;
  tx.run("SELECT id FROM mpesa_payments WHERE order_id = $1 AND status = 'requested'",
         {nullIfNone(p.orderId)}, [&](const SqlRow& found) { p.id = found.integer(0); });
  return true;
}

void PaymentRepository::confirmReservation(Transaction& tx, MpesaPayment& row) {
  Payment& p = row.payment;
  p.updatedAt = nowRfc3339();
  tx.run(
      "UPDATE mpesa_payments SET checkout_request_id = $1, merchant_request_id = $2, "
      "updated_at = $3 WHERE id = $4",
      {p.checkoutRequestId, row.merchantRequestId, p.updatedAt, p.id});
}

void PaymentRepository::dropReservation(Transaction& tx, std::int64_t id) {
  tx.run("DELETE FROM mpesa_payments WHERE id = $1 AND checkout_request_id IS NULL", {id});
}

bool PaymentRepository::pushWaiting(Transaction& tx, std::int64_t orderId,
                                    const std::string& since) {
  bool waiting = false;
  tx.run(
      "SELECT 1 FROM mpesa_payments WHERE order_id = $1 AND status = 'requested' AND "
      "created_at >= $2",
      {orderId, since}, [&](const SqlRow&) { waiting = true; });
  return waiting;
}

std::optional<MpesaPayment> PaymentRepository::find(std::int64_t id) {
  return kMpesaPaymentRows.one(db_, "WHERE id = $1", {id});
}

std::optional<MpesaPayment> PaymentRepository::find(Transaction& tx, std::int64_t id) {
  return kMpesaPaymentRows.one(tx, "WHERE id = $1", {id});
}

std::optional<MpesaPayment> PaymentRepository::findByCheckout(Transaction& tx,
                                                              const std::string& checkoutId) {
  return kMpesaPaymentRows.one(tx, "WHERE checkout_request_id = $1", {checkoutId});
}

Listing<Payment> PaymentRepository::list(const PaymentFilter& filter, const Page& page) {
  ListQuery query;
  if (filter.orderId)
    query.also("order_id = ?", {*filter.orderId});
  if (filter.customerId)
    query.also("customer_id = ?", {*filter.customerId});
  if (!filter.status.empty())
    query.also("status = ?", {filter.status});
  if (filter.unmatchedOnly)
    query.also("order_id IS NULL AND status = 'succeeded'");
  return page.read(db_, kPaymentRows, query);
}

bool PaymentRepository::claimReceipt(Transaction& tx, const std::string& receipt,
                                     std::int64_t paymentId) {
  return tx.run(
             "INSERT INTO mpesa_receipts (receipt, payment_id, created_at) VALUES ($1, $2, $3) "
             "ON CONFLICT (receipt) DO NOTHING",
             {receipt, paymentId, nowRfc3339()}) == 1;
}

void PaymentRepository::assignReceipt(Transaction& tx, const std::string& receipt,
                                      std::int64_t paymentId) {
  tx.run("UPDATE mpesa_receipts SET payment_id = $1 WHERE receipt = $2", {paymentId, receipt});
}

std::int64_t PaymentRepository::receiptOwner(Transaction& tx, const std::string& receipt) {
  std::int64_t owner = 0;
  tx.run("SELECT payment_id FROM mpesa_receipts WHERE receipt = $1", {receipt},
         [&](const SqlRow& row) { owner = row.integer(0); });
  return owner;
}

bool PaymentRepository::succeed(Transaction& tx, MpesaPayment& row, const std::string& receipt,
                                std::int64_t amountMinor, std::int64_t reportedMinor,
                                const std::string& reconciliation, const std::string& code,
                                const std::string& desc) {
  Payment& p = row.payment;
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE mpesa_payments SET status = 'succeeded', receipt = $1, amount_minor = $2, "
             "reported_amount_minor = $3, reconciliation = $4, result_code = $5, "
             "result_desc = $6, updated_at = $7 WHERE id = $8 AND status <> 'succeeded'",
             {receipt, amountMinor, reportedMinor, bounded(reconciliation), code, bounded(desc), at,
              p.id}) != 1)
    return false;
  p.status = orders::kPaymentStatusSucceeded;
  p.receipt = receipt;
  p.amountMinor = amountMinor;
  row.reportedAmountMinor = reportedMinor;
  p.reconciliation = bounded(reconciliation);
  p.resultCode = code;
  p.resultDesc = bounded(desc);
  p.updatedAt = at;
  return true;
}

void PaymentRepository::setReceipt(Transaction& tx, std::int64_t id, const std::string& receipt) {
  tx.run("UPDATE mpesa_payments SET receipt = $1, updated_at = $2 WHERE id = $3 AND receipt = ''",
         {receipt, nowRfc3339(), id});
}

bool PaymentRepository::fail(Transaction& tx, MpesaPayment& row, const std::string& code,
                             const std::string& desc) {
  Payment& p = row.payment;
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE mpesa_payments SET status = 'failed', result_code = $1, result_desc = $2, "
             "updated_at = $3 WHERE id = $4 AND status = 'requested'",
             {code, bounded(desc), at, p.id}) != 1)
    return false;
  p.status = orders::kPaymentStatusFailed;
  p.resultCode = code;
  p.resultDesc = bounded(desc);
  p.updatedAt = at;
  return true;
}

bool PaymentRepository::link(Transaction& tx, MpesaPayment& row, std::int64_t orderId,
                             std::int64_t customerId, std::int64_t amountMinor,
                             const std::string& reconciliation) {
  Payment& p = row.payment;
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE mpesa_payments SET order_id = $1, customer_id = $2, amount_minor = $3, "
             "reconciliation = $4, updated_at = $5 WHERE id = $6 AND order_id IS NULL AND "
             "status = 'succeeded'",
             {orderId, customerId, amountMinor, bounded(reconciliation), at, p.id}) != 1)
    return false;
  p.orderId = orderId;
  row.customerId = customerId;
  p.amountMinor = amountMinor;
  p.reconciliation = bounded(reconciliation);
  p.updatedAt = at;
  return true;
}

void PaymentRepository::flag(Transaction& tx, std::int64_t id, const std::string& reconciliation) {
  tx.run("UPDATE mpesa_payments SET reconciliation = $1, updated_at = $2 WHERE id = $3",
         {bounded(reconciliation), nowRfc3339(), id});
}

void PaymentRepository::holdCallback(Transaction& tx, std::int64_t id, const std::string& receipt,
                                     std::int64_t amountMinor, const std::string& desc) {
  tx.run(
      "UPDATE mpesa_payments SET callback_receipt = $1, callback_amount_minor = $2, "
      "result_desc = $3, updated_at = $4 WHERE id = $5 AND status = 'requested'",
      {receipt, amountMinor, bounded(desc), nowRfc3339(), id});
}

}  // namespace duka::mpesa
