// PaymentRoutes: the payments API: POST /api/orders/{id}/pay/mpesa/ (the STK push) and
// GET /api/payments/ and /api/payments/{id}/. Daraja's answers arrive at DarajaCallbacks.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "daraja_client.hpp"
#include "payment_ledger.hpp"
#include "payment_repository.hpp"

namespace duka::mpesa {

// PushSlots bounds the STK pushes waiting on Daraja at once; a PushSlot holds one while it
// lives, when one was free (else it converts to false).
class PushSlots {
 public:
  explicit PushSlots(int limit) : limit_(limit) {}
  bool take() {
    int used = used_.load();
    while (used < limit_ && !used_.compare_exchange_weak(used, used + 1)) {
    }
    return used < limit_;
  }
  void give() { --used_; }

 private:
  const int limit_;
  std::atomic<int> used_{0};
};

class PushSlot {
 public:
  explicit PushSlot(PushSlots& slots) : slots_(slots), held_(slots.take()) {}
  ~PushSlot() {
    if (held_)
      slots_.give();
  }
  PushSlot(const PushSlot&) = delete;
  PushSlot& operator=(const PushSlot&) = delete;
  explicit operator bool() const { return held_; }

 private:
  PushSlots& slots_;
  bool held_;
};

class PaymentRoutes {
 public:
  PaymentRoutes(Database& db, PaymentRepository& payments, PaymentLedger& ledger,
                DarajaClient& daraja, std::shared_ptr<const orders::OrderBook> orders,
                std::shared_ptr<const customers::CustomerDirectory> customers,
                const MpesaSettings& settings, Poco::Logger& log)
      : db_(db),
        payments_(payments),
        ledger_(ledger),
        daraja_(daraja),
        orders_(std::move(orders)),
        customers_(std::move(customers)),
        settings_(settings),
        log_(log),
        pushSlots_(settings.concurrency) {}

  void addTo(Router& router);

 private:
  // pay reserves the push, asks Daraja and records the payment (Idempotency-Key: the host's,
  // the route declares it).
  Response pay(Request& request);
  Response list(Request& request);
  Response get(Request& request);

  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  DarajaClient& daraja_;
  std::shared_ptr<const orders::OrderBook> orders_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
  const MpesaSettings& settings_;
  Poco::Logger& log_;
  PushSlots pushSlots_;
};

}  // namespace duka::mpesa
