#include "stock_ledger.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <duka/http.hpp>
#include <map>

namespace duka::inventory {

namespace {

// linesOf sums an order's lines as inventory id -> quantity, ascending by id so that
// concurrent transactions lock rows in one order (no deadlocks on PostgreSQL).
std::map<std::int64_t, std::int64_t> linesOf(const orders::Order& order) {
  std::map<std::int64_t, std::int64_t> lines;
  for (const auto& line : order.lines)
    lines[line.inventoryId] += line.quantity;
  return lines;
}

Item before(const Item& after, std::int64_t onHandDelta, std::int64_t reservedDelta) {
  Item item = after;
  item.onHand -= onHandDelta;
  item.reserved -= reservedDelta;
  return item;
}

}  // namespace

void StockLedger::subscribeTo(EventBus& events) {
  events.subscribe(orders::kOrderCreated,
                   [this](const orders::Order& order, Transaction& tx) { reserve(order, tx); });
  events.subscribe(orders::kOrderApproved,
                   [this](const orders::Order& order, Transaction& tx) { take(order, tx); });
  events.subscribe(orders::kOrderCancelled, [this](const orders::OrderCancelled& cancelled,
                                                   Transaction& tx) { cancel(cancelled, tx); });
}

void StockLedger::publishCrossings(Transaction& tx, const Item& before, const Item& after) {
  const std::string was = before.status(), is = after.status();
  if (is == was || is == "in_stock")
    return;
  if (is == "out_of_stock")
    tx.publish(kItemOutOfStock, after);
  else if (was == "in_stock")
    tx.publish(kItemLowStock, after);
}

void StockLedger::reserve(const orders::Order& order, Transaction& tx) {
  std::vector<std::string> shortages;
  std::vector<std::pair<Item, Item>> moved;
  for (const auto& [id, quantity] : linesOf(order)) {
    if (auto after = items_.reserve(tx, id, quantity)) {
      moved.emplace_back(before(*after, 0, quantity), *after);
      continue;
    }
    const auto item = items_.find(tx, id);
    shortages.push_back(
        "inventory_id " + std::to_string(id) + ": " + std::to_string(quantity) + " requested, " +
        (item ? std::to_string(std::max<std::int64_t>(item->available(), 0)) : std::string("0")) +
        " available");
  }
  if (!shortages.empty())
    throw conflict("Not enough stock for some items; nothing was reserved.",
                   {{"items", shortages}});
  for (const auto& [was, is] : moved)
    publishCrossings(tx, was, is);
}

void StockLedger::take(const orders::Order& order, Transaction& tx) {
  for (const auto& [id, quantity] : linesOf(order)) {
    // A reservation always covers its order; a miss means the books are wrong: refuse.
    if (!items_.take(tx, id, quantity))
      throw conflict("The reservation of inventory_id " + std::to_string(id) + " is missing.");
  }
}

void StockLedger::cancel(const orders::OrderCancelled& cancelled, Transaction& tx) {
  const std::string& previous = cancelled.previousStatus;
  for (const auto& [id, quantity] : linesOf(cancelled.order)) {
    if (previous == orders::kPending) {
      if (!items_.release(tx, id, quantity))
        throw conflict("The reservation of inventory_id " + std::to_string(id) + " is missing.");
    } else if (previous == orders::kApproved) {
      // An item deleted since has nowhere to return to; the cancellation still stands.
      if (!items_.restore(tx, id, quantity))
        Poco::Logger::get("plugin.inventory")
            .warning("order cancelled: inventory_id %Ld no longer exists", id);
    }
  }
}

}  // namespace duka::inventory
