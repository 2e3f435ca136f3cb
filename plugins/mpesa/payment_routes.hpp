// PaymentRoutes: the payments API: POST /api/orders/{id}/pay/mpesa/ (the STK push) and
// GET /api/payments/ and /api/payments/{id}/. Daraja's answers arrive at DarajaCallbacks.
#pragma once

#include <Poco/Logger.h>

#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "payment_repository.hpp"
#include "stk_pushes.hpp"

namespace duka::mpesa {

class PaymentRoutes {
 public:
  PaymentRoutes(Database& db, PaymentRepository& payments, StkPushes& pushes,
                std::shared_ptr<const orders::OrderBook> orders,
                std::shared_ptr<const customers::CustomerDirectory> customers)
      : db_(db),
        payments_(payments),
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

  Database& db_;
  PaymentRepository& payments_;
  StkPushes& pushes_;
  std::shared_ptr<const orders::OrderBook> orders_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
};

}  // namespace duka::mpesa
