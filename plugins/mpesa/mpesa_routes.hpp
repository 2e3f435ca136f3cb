// MpesaRoutes: POST /api/orders/{id}/pay/mpesa/ (the STK push), GET /api/payments/ and
// /api/payments/{id}/, and Daraja's three public callbacks, each behind the callback token:
// the STK result, and C2B validation and confirmation.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/facility/outbox.hpp>
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

class MpesaRoutes {
 public:
  MpesaRoutes(Database& db, PaymentRepository& payments, PaymentLedger& ledger,
              DarajaClient& daraja, Outbox& queries,
              std::shared_ptr<const orders::OrderBook> orders,
              std::shared_ptr<const customers::CustomerDirectory> customers,
              const MpesaSettings& settings, Poco::Logger& log)
      : db_(db),
        payments_(payments),
        ledger_(ledger),
        daraja_(daraja),
        queries_(queries),
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
  Response stkCallback(Request& request);
  Response c2bValidation(Request& request);
  Response c2bConfirmation(Request& request);

  // checkToken answers 404 for a callback path whose token is not ours.
  void checkToken(const Request& request) const;
  // payable is the order behind a C2B account number when it can take a payment.
  std::optional<orders::Order> payable(const std::string& billRefNumber) const;
  // ours: a C2B call names this duka's shortcode (else it is logged and refused).
  bool ours(const Poco::JSON::Object::Ptr& json, const char* step) const;

  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  DarajaClient& daraja_;
  Outbox& queries_;
  std::shared_ptr<const orders::OrderBook> orders_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
  const MpesaSettings& settings_;
  Poco::Logger& log_;
  PushSlots pushSlots_;
};

// darajaPhone turns a Kenyan number ("+254712345678", "254712...", "0712 345 678"), read
// by customers' normalisePhoneNumber, into Daraja's 254XXXXXXXXX; "" when it is not a
// Kenyan mobile number.
std::string darajaPhone(const std::string& number);
// orderOfAccount reads a C2B account number: "ORDER<id>" or "<id>" (any case, spaces
// around); 0 when it names no order.
std::int64_t orderOfAccount(const std::string& billRefNumber);

}  // namespace duka::mpesa
