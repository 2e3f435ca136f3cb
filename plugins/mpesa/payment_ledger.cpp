#include "payment_ledger.hpp"

#include <algorithm>
#include <duka/facility/money.hpp>

namespace duka::mpesa {

namespace {

// overpaid says what staff must refund of money beyond an order's unpaid amount.
std::string overpaid(std::int64_t paidMinor, std::int64_t unpaidMinor) {
  return "paid " + formatMoney(paidMinor) + " against " + formatMoney(unpaidMinor) +
         " unpaid; refund " + formatMoney(paidMinor - unpaidMinor);
}

}  // namespace

void PaymentLedger::requested(Transaction& tx, MpesaPayment& row) {
  payments_.confirmReservation(tx, row);
  tx.publish(orders::kPaymentRequested, row.payment);
}

bool PaymentLedger::succeeded(Transaction& tx, MpesaPayment& row, const std::string& receipt,
                              std::int64_t reportedMinor, const std::string& code,
                              const std::string& desc) {
  const std::int64_t asked = row.payment.amountMinor;
  const std::int64_t counted = reportedMinor > 0 ? std::min(asked, reportedMinor) : asked;
  std::string reconciliation;
  if (reportedMinor > 0 && reportedMinor != asked) {
    reconciliation = "M-Pesa reported " + formatMoney(reportedMinor) + " for a push of " +
                     formatMoney(asked) + "; " + formatMoney(counted) + " counted";
    log_.error("mpesa: payment %?d (receipt %s): %s: reconcile it by hand", row.payment.id, receipt,
               reconciliation);
  }
  if (!receipt.empty() && !payments_.claimReceipt(tx, receipt, row.payment.id)) {
    const std::int64_t owner = payments_.receiptOwner(tx, receipt);
    if (owner != row.payment.id) {
      // The money came as another payment (a C2B confirmation of this push): this request
      // ends without counting it twice.
      log_.information("mpesa: receipt %s of payment %?d counted as payment %?d already", receipt,
                       row.payment.id, owner);
      if (payments_.fail(
              tx, row, code,
              "Paid: counted as payment " + std::to_string(owner) + " (receipt " + receipt + ")"))
        tx.publish(orders::kPaymentFailed, row.payment);
    }
    return false;
  }
  if (!payments_.succeed(tx, row, receipt, counted, reportedMinor, reconciliation, code, desc)) {
    // Succeeded already, on a status query that could not name the receipt.
    if (!receipt.empty())
      payments_.setReceipt(tx, row.payment.id, receipt);
    return false;
  }
  tx.publish(orders::kPaymentSucceeded, row.payment);
  return true;
}

bool PaymentLedger::failed(Transaction& tx, MpesaPayment& row, const std::string& code,
                           const std::string& desc) {
  if (!payments_.fail(tx, row, code, desc))
    return false;
  tx.publish(orders::kPaymentFailed, row.payment);
  return true;
}

bool PaymentLedger::paidDirectly(Transaction& tx, MpesaPayment& row,
                                 const std::function<std::int64_t(MpesaPayment&)>& place) {
  // The receipt first: the unique key decides whether this TransID counts.
  if (!payments_.claimReceipt(tx, row.payment.receipt, 0))
    return false;
  const std::int64_t unpaidMinor = place(row);
  const std::int64_t reported = row.reportedAmountMinor;
  row.payment.status = orders::kPaymentStatusSucceeded;
  if (!row.payment.orderId) {
    row.payment.amountMinor = reported;
    payments_.insert(tx, row);
    payments_.assignReceipt(tx, row.payment.receipt, row.payment.id);
    log_.error("mpesa: C2B payment %s of %s: %s: reconcile it by hand", row.payment.receipt,
               formatMoney(reported), row.payment.reconciliation);
    return true;
  }
  row.payment.amountMinor = std::min(reported, unpaidMinor);
  if (reported > unpaidMinor) {
    row.payment.reconciliation = overpaid(reported, unpaidMinor);
    log_.error("mpesa: C2B payment %s for order %?d: %s", row.payment.receipt, *row.payment.orderId,
               row.payment.reconciliation);
  }
  payments_.insert(tx, row);
  payments_.assignReceipt(tx, row.payment.receipt, row.payment.id);
  tx.publish(orders::kPaymentSucceeded, row.payment);
  return true;
}

bool PaymentLedger::matched(Transaction& tx, MpesaPayment& row, const orders::Order& order) {
  const std::int64_t paid =
      row.reportedAmountMinor > 0 ? row.reportedAmountMinor : row.payment.amountMinor;
  const std::int64_t unpaid = order.totalMinor - order.paidTotalMinor;
  const std::int64_t counted = std::min(paid, unpaid);
  const std::string reconciliation = paid > unpaid ? overpaid(paid, unpaid) : "";
  if (!payments_.link(tx, row, order.id, order.customerId, counted, reconciliation))
    return false;
  if (!reconciliation.empty())
    log_.error("mpesa: payment %s matched to order %?d: %s", row.payment.receipt, order.id,
               reconciliation);
  tx.publish(orders::kPaymentSucceeded, row.payment);
  tx.publish(orders::kPaymentMatched, row.payment);
  return true;
}

}  // namespace duka::mpesa
