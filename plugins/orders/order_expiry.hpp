// OrderExpiry: with `[orders] expire_pending_after_min` > 0, the host runs sweep() once at
// start and then every kInterval (PluginContext::every): it cancels pending orders that are
// unpaid and older than that (reason "expired"). Each order is decided again in its own write
// transaction, under its row lock: a payment that commits first keeps the order, one that comes
// after finds it cancelled (and paid_total shows what to refund). Several instances may sweep at
// once: the conditional move lets only one of them cancel an order.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <duka/database.hpp>
#include <stop_token>

#include "order_repository.hpp"

namespace duka::orders {

class OrderExpiry {
 public:
  static constexpr std::chrono::seconds kInterval{60};

  OrderExpiry(Database& db, OrderRepository& orders, std::chrono::minutes after, Poco::Logger& log)
      : db_(db), orders_(orders), after_(after), log_(log) {}

  // sweep cancels every order due now, until stop is asked; it returns how many it cancelled.
  int sweep(const std::stop_token& stop);
  // expire cancels one order if it is still pending, unpaid and created before createdBefore.
  bool expire(std::int64_t id, const std::string& createdBefore);

 private:
  Database& db_;
  OrderRepository& orders_;
  std::chrono::minutes after_;
  Poco::Logger& log_;
};

}  // namespace duka::orders
