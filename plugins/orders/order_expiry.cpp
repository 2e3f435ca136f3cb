#include "order_expiry.hpp"

namespace duka::orders {

namespace {

constexpr int kBatch = 100;

}  // namespace

int OrderExpiry::sweep(const std::stop_token& stop) {
  const std::string before = rfc3339(std::chrono::system_clock::now() - after_);
  int cancelled = 0;
  std::int64_t after = 0;  // orders kept (a subscriber vetoed) are passed, not read again
  for (;;) {
    const auto candidates = orders_.expiryCandidates(before, after, kBatch);
    for (const auto id : candidates) {
      if (stop.stop_requested())
        return cancelled;
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
    tx.publish(kOrderCancelled, {*order, kPending, kExpired});
    return true;
  });
}

}  // namespace duka::orders
