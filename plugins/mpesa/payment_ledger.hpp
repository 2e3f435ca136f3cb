// PaymentLedger: what a Daraja result does to a payment, in the caller's transaction, and
// the payment.* events it publishes there (payment.succeeded moves the order's paid_total in
// the same transaction). One receipt counts once: a receipt already recorded, for this
// payment (a repeated callback) or another (C2B), changes nothing. The money that counts is
// what was asked for: a push's amount, an order's unpaid amount; what M-Pesa reported
// beyond it is kept on the payment, flagged for reconciliation and logged as an error.
#pragma once

#include <Poco/Logger.h>

#include <duka/database.hpp>
#include <duka/plugins/orders/order.hpp>
#include <functional>

#include "payment_repository.hpp"

namespace duka::mpesa {

class PaymentLedger {
 public:
  PaymentLedger(PaymentRepository& payments, Poco::Logger& log) : payments_(payments), log_(log) {}

  // requested records that Daraja accepted a reserved push, and publishes payment.requested.
  void requested(Transaction& tx, MpesaPayment& row);
  // succeeded counts a push's money (receipt "" when only the status query knows it paid):
  // the amount asked for, or less when M-Pesa reported less (reportedMinor; 0: not
  // reported). It returns false when nothing changed: the receipt or the payment counted
  // already.
  bool succeeded(Transaction& tx, MpesaPayment& row, const std::string& receipt,
                 std::int64_t reportedMinor, const std::string& code, const std::string& desc);
  // failed ends a requested payment (user cancelled, insufficient funds, ...).
  bool failed(Transaction& tx, MpesaPayment& row, const std::string& code, const std::string& desc);
  // paidDirectly records a C2B payment of row.reportedAmountMinor. Once its TransID is
  // claimed (the receipt's key first, then the order's row: the lock order of every success
  // path), place puts it on an order that can take it (row.payment.orderId) and answers the
  // order's unpaid amount, of which the part the payment covers counts; money placed on no
  // order is kept unmatched with its reconciliation. False when the TransID counted already.
  bool paidDirectly(Transaction& tx, MpesaPayment& row,
                    const std::function<std::int64_t(MpesaPayment&)>& place);
  // matched links an unmatched payment to order, which the caller read with
  // OrderBook::findForUpdate and found open and not paid: the part of the money the order's
  // unpaid amount takes counts, as for C2B, and the rest is flagged for a refund. It
  // publishes payment.succeeded (paid_total) and payment.matched. False when the payment was
  // linked meanwhile.
  bool matched(Transaction& tx, MpesaPayment& row, const orders::Order& order);

 private:
  PaymentRepository& payments_;
  Poco::Logger& log_;
};

}  // namespace duka::mpesa
