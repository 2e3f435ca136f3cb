// PaymentLedger: what a Daraja result does to a payment, in the caller's transaction, and
// the payment.* events it publishes there (payment.succeeded moves the order's paid_total in
// the same transaction). One receipt counts once: a receipt already recorded, for this
// payment (a repeated callback) or another (C2B), changes nothing.
#pragma once

#include <Poco/Logger.h>

#include <duka/database.hpp>

#include "payment_repository.hpp"

namespace duka::mpesa {

class PaymentLedger {
 public:
  PaymentLedger(PaymentRepository& payments, Poco::Logger& log) : payments_(payments), log_(log) {}

  // requested records a push Daraja accepted, and publishes payment.requested.
  void requested(Transaction& tx, MpesaPayment& row);
  // succeeded counts a payment's money (receipt "" when only the status query knows it paid).
  // It returns false when nothing changed: the receipt or the payment counted already.
  bool succeeded(Transaction& tx, MpesaPayment& row, const std::string& receipt,
                 std::int64_t amountMinor, const std::string& code, const std::string& desc);
  // failed ends a requested payment (user cancelled, insufficient funds, ...).
  bool failed(Transaction& tx, MpesaPayment& row, const std::string& code, const std::string& desc);
  // paidDirectly records a C2B payment (a TransID for an order); false when counted already.
  bool paidDirectly(Transaction& tx, MpesaPayment& row);

 private:
  PaymentRepository& payments_;
  Poco::Logger& log_;
};

}  // namespace duka::mpesa
