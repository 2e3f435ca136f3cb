// MpesaRoutes: POST /api/orders/{id}/pay/mpesa/ (the STK push), GET /api/payments/ and
// /api/payments/{id}/, and Daraja's three public callbacks, each behind the callback token:
// the STK result, and C2B validation and confirmation.
#pragma once

#include <Poco/Logger.h>

#include <duka/idempotency.hpp>
#include <duka/outbox.hpp>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "daraja_client.hpp"
#include "payment_ledger.hpp"
#include "payment_repository.hpp"

namespace duka::mpesa {

class MpesaRoutes {
 public:
  MpesaRoutes(Database& db, PaymentRepository& payments, PaymentLedger& ledger,
              DarajaClient& daraja, OutboxRunner& queries, IdempotencyStore& idempotency,
              std::shared_ptr<const orders::OrderBook> orders,
              std::shared_ptr<const customers::CustomerDirectory> customers,
              const MpesaSettings& settings, Poco::Logger& log)
      : db_(db),
        payments_(payments),
        ledger_(ledger),
        daraja_(daraja),
        queries_(queries),
        idempotency_(idempotency),
        orders_(std::move(orders)),
        customers_(std::move(customers)),
        settings_(settings),
        log_(log) {}

  void addTo(Router& router);

 private:
  Response pay(Request& request);
  // push asks Daraja and records the payment; with a key, its answer is stored with it.
  Response push(Request& request, const std::string* idempotencyKey);
  Response list(Request& request);
  Response get(Request& request);
  Response stkCallback(Request& request);
  Response c2bValidation(Request& request);
  Response c2bConfirmation(Request& request);

  // checkToken answers 404 for a callback path whose token is not ours.
  void checkToken(const Request& request) const;
  // payable is the order behind a C2B account number when it can take a payment.
  std::optional<orders::Order> payable(const std::string& billRefNumber) const;

  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  DarajaClient& daraja_;
  OutboxRunner& queries_;
  IdempotencyStore& idempotency_;
  std::shared_ptr<const orders::OrderBook> orders_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
  const MpesaSettings& settings_;
  Poco::Logger& log_;
};

// darajaPhone turns a Kenyan number ("+254712345678", "254712...", "0712 345 678") into
// Daraja's 254XXXXXXXXX; "" when it is not a Kenyan mobile number.
std::string darajaPhone(const std::string& number);
// orderOfAccount reads a C2B account number: "ORDER<id>" or "<id>" (any case, spaces
// around); 0 when it names no order.
std::int64_t orderOfAccount(const std::string& billRefNumber);

}  // namespace duka::mpesa
