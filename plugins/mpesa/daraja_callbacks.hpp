// DarajaCallbacks: Daraja's three public callbacks, each behind the callback token in its
// path (a secret path: the access log shows it as "***"): the STK push's result, and C2B
// validation and confirmation (money paid to the shortcode with an order as the account).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <duka/facility/outbox.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>
#include <optional>

#include "daraja_messages.hpp"
#include "mpesa_settings.hpp"
#include "payment_ledger.hpp"
#include "payment_repository.hpp"

namespace duka::mpesa {

class DarajaCallbacks {
 public:
  DarajaCallbacks(Database& db, PaymentRepository& payments, PaymentLedger& ledger, Outbox& queries,
                  std::shared_ptr<const orders::OrderBook> orders, const MpesaSettings& settings,
                  Poco::Logger& log)
      : db_(db),
        payments_(payments),
        ledger_(ledger),
        queries_(queries),
        orders_(std::move(orders)),
        settings_(settings),
        log_(log) {}

  void addTo(Router& router);

 private:
  Response stkCallback(Request& request);
  Response c2bValidation(Request& request);
  Response c2bConfirmation(Request& request);

  // checkToken answers 404 for a callback path whose token is not ours.
  void checkToken(const Request& request) const;
  // payable is the order behind a C2B account number when it can take a payment.
  std::optional<orders::Order> payable(const std::string& billRefNumber) const;
  // ours: a C2B call names this duka's shortcode (else it is logged and refused).
  bool ours(const C2bMessage& message, const char* step) const;

  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  Outbox& queries_;
  std::shared_ptr<const orders::OrderBook> orders_;
  const MpesaSettings& settings_;
  Poco::Logger& log_;
};

}  // namespace duka::mpesa
