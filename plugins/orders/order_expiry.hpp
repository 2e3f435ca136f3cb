// OrderExpiry: with `[orders] expire_pending_after_min` > 0, a background thread cancels
// pending orders that are unpaid and older than that (reason "expired"), once at start and
// then every minute. Each order is decided again in its own write transaction, under its row
// lock: a payment that commits first keeps the order, one that comes after finds it
// cancelled (and paid_total shows what to refund). Several instances may sweep at once: the
// conditional move lets only one of them cancel an order.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <condition_variable>
#include <duka/database.hpp>
#include <mutex>
#include <thread>

#include "order_repository.hpp"

namespace duka::orders {

class OrderExpiry {
 public:
  OrderExpiry(Database& db, OrderRepository& orders, std::chrono::minutes after, Poco::Logger& log)
      : db_(db), orders_(orders), after_(after), log_(log) {}
  ~OrderExpiry();

  void start();
  void stop();
  // sweep cancels every order due now; it returns how many it cancelled.
  int sweep();
  // expire cancels one order if it is still pending, unpaid and created before createdBefore.
  bool expire(std::int64_t id, const std::string& createdBefore);

 private:
  void run();

  Database& db_;
  OrderRepository& orders_;
  std::chrono::minutes after_;
  Poco::Logger& log_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::orders
