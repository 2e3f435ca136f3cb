#include "order_expiry.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace duka::orders {

namespace {

constexpr std::chrono::seconds kInterval{60};
constexpr int kBatch = 100;

std::string rfc3339(Poco::Timestamp at) {
  return Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace

OrderExpiry::~OrderExpiry() {
  stop();
}

void OrderExpiry::start() {
  thread_ = std::thread([this] { run(); });
}

void OrderExpiry::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void OrderExpiry::run() {
  for (;;) {
    try {
      if (const int cancelled = sweep())
        log_.information("orders: %d unpaid pending orders expired", cancelled);
    } catch (const std::exception& e) {
      // The database is away: the next pass tries again.
      log_.error("orders: the expiry pass failed: %s", std::string(e.what()));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wakeup_.wait_for(lock, kInterval, [this] { return stopping_; }))
      return;
  }
}

int OrderExpiry::sweep() {
  const Poco::Timestamp cutoff =
      Poco::Timestamp() - std::chrono::duration_cast<std::chrono::microseconds>(after_).count();
  const std::string before = rfc3339(cutoff);
  int cancelled = 0;
  std::int64_t after = 0;  // orders kept (a subscriber vetoed) are passed, not read again
  for (;;) {
    const auto candidates = orders_.expiryCandidates(before, after, kBatch);
    for (const auto id : candidates) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_)
          return cancelled;
      }
      after = id;
      try {
        cancelled += expire(id, before) ? 1 : 0;
      } catch (const HttpError& veto) {
        // A subscriber keeps the order for now (a payment waiting for the customer): the
        // next pass decides again.
        log_.information("orders: order %?d does not expire yet: %s", id, veto.detail());
      }
    }
    if (static_cast<int>(candidates.size()) < kBatch)
      return cancelled;
  }
}

bool OrderExpiry::expire(std::int64_t id, const std::string& createdBefore) {
  return db_.transact(EventContext::system("orders.expiry"), [&](Transaction& tx) {
    auto order = orders_.findForUpdate(tx, id);
    // Decided again under the row's lock: a payment or a cancel may have come first.
    if (!order || order->status != kPending || order->paidTotalMinor != 0 ||
        !(order->createdAt < createdBefore))
      return false;
    if (!orders_.move(tx, *order, kPending, kCancelled))
      return false;
    // Inventory releases the reservation in this transaction; audit and sms follow it.
    tx.publish(kOrderCancelled, orderCancelledShape().object({*order, kPending, kExpired}));
    return true;
  });
}

}  // namespace duka::orders
