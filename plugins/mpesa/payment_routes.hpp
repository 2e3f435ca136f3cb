// PaymentRoutes: the payments API: POST /api/orders/{id}/pay/mpesa/ (the STK push) and
// GET /api/payments/ and /api/payments/{id}/, and POST /api/payments/{id}/match/ (staff
// link money that named no payable order to an order). Daraja's answers arrive at DarajaCallbacks.
#pragma once

#include <Poco/Logger.h>

#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "payment_ledger.hpp"
#include "payment_repository.hpp"
#include "stk_pushes.hpp"

namespace duka::mpesa {

class PaymentRoutes {
 public:
  PaymentRoutes(Database& db, PaymentRepository& payments, PaymentLedger& ledger, StkPushes& pushes,
                std::shared_ptr<const orders::OrderBook> orders,
                std::shared_ptr<const customers::CustomerDirectory> customers)
      : db_(db),
        payments_(payments),
        ledger_(ledger),
        pushes_(pushes),
        orders_(std::move(orders)),
        customers_(std::move(customers)) {}

  void addTo(Router& router);

 private:
  // pay pushes for the caller's order (StkPushes; Idempotency-Key: the host's, the route
  // declares it).
  Response pay(Request& request);
  Response list(Request& request);
  Response get(Request& request);
  Response match(Request& request);

  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  StkPushes& pushes_;
  std::shared_ptr<const orders::OrderBook> orders_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
};

}  // namespace duka::mpesa
