// StkPushes: one STK push for an order's unpaid amount: reserved (one waiting push per
// order, however many ask at once), asked of Daraja outside any transaction and bounded by
// timeout_s, then recorded with its status query queued; at most [mpesa] concurrency wait on
// Daraja at once. The payments route and other plugins (mpesa.pushes) push through it.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/mpesa/payment_pushes.hpp>
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

class StkPushes : public PaymentPushes {
 public:
  StkPushes(Database& db, PaymentRepository& payments, PaymentLedger& ledger, DarajaClient& daraja,
            std::shared_ptr<const customers::CustomerDirectory> customers,
            const MpesaSettings& settings, Poco::Logger& log)
      : db_(db),
        payments_(payments),
        customers_(std::move(customers)),
        ledger_(ledger),
        daraja_(daraja),
        settings_(settings),
        log_(log),
        slots_(settings.concurrency) {}

  orders::Payment push(const orders::Order& order, const std::string& phone,
                       const EventContext& context) override;

 private:
  Database& db_;
  PaymentRepository& payments_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
  PaymentLedger& ledger_;
  DarajaClient& daraja_;
  const MpesaSettings& settings_;
  Poco::Logger& log_;
  PushSlots slots_;
};

}  // namespace duka::mpesa
