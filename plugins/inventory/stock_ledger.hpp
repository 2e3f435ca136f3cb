// StockLedger: how orders move stock, inside the order events' transactions: reserve on
// order.created (all lines or none: a shortage vetoes with a 409 naming the items), take
// on order.approved, release (pending) or return (approved) on order.cancelled; and the
// low-stock / out-of-stock events when availability crosses a threshold downward.
#pragma once

#include <duka/events.hpp>
#include <duka/plugins/orders/order.hpp>

#include "item_repository.hpp"

namespace duka::inventory {

class StockLedger {
 public:
  explicit StockLedger(ItemRepository& items) : items_(items) {}

  void subscribeTo(EventBus& events);

  // publishCrossings publishes inventory.out_of_stock when after is out of stock and
  // before was not, else inventory.low_stock when after is low and before was in stock.
  static void publishCrossings(Transaction& tx, const Item& before, const Item& after);

 private:
  void reserve(const orders::Order& order, Transaction& tx);
  void take(const orders::Order& order, Transaction& tx);
  void cancel(const orders::OrderCancelled& cancelled, Transaction& tx);

  ItemRepository& items_;
};

}  // namespace duka::inventory
