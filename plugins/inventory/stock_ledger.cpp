#include "stock_ledger.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <duka/http.hpp>
#include <map>

namespace duka::inventory {

namespace {

// linesOf reads an order payload's items as inventory id -> quantity, ascending by id so
// that concurrent transactions lock rows in one order (no deadlocks on PostgreSQL).
std::map<std::int64_t, std::int64_t> linesOf(const Event& event) {
  std::map<std::int64_t, std::int64_t> lines;
  const Poco::JSON::Array::Ptr items = event.payload->getArray("items");
  if (!items)
    return lines;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const Poco::JSON::Object::Ptr line = items->getObject(static_cast<unsigned>(i));
    lines[line->getValue<Poco::Int64>("inventory_id")] += line->getValue<Poco::Int64>("quantity");
  }
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
  events.subscribe("order.created", [this](const Event& e, Transaction& tx) { reserve(e, tx); });
  events.subscribe("order.approved", [this](const Event& e, Transaction& tx) { take(e, tx); });
  events.subscribe("order.cancelled", [this](const Event& e, Transaction& tx) { cancel(e, tx); });
}

void StockLedger::publishCrossings(Transaction& tx, const Item& before, const Item& after) {
  const std::string was = before.status(), is = after.status();
  if (is == was || is == "in_stock")
    return;
  if (is == "out_of_stock")
    tx.publish("inventory.out_of_stock", after.toJson());
  else if (was == "in_stock")
    tx.publish("inventory.low_stock", after.toJson());
}

void StockLedger::reserve(const Event& event, Transaction& tx) {
  std::vector<std::string> shortages;
  std::vector<std::pair<Item, Item>> moved;
  for (const auto& [id, quantity] : linesOf(event)) {
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

void StockLedger::take(const Event& event, Transaction& tx) {
  for (const auto& [id, quantity] : linesOf(event)) {
    // A reservation always covers its order; a miss means the books are wrong: refuse.
    if (!items_.take(tx, id, quantity))
      throw conflict("The reservation of inventory_id " + std::to_string(id) + " is missing.");
  }
}

void StockLedger::cancel(const Event& event, Transaction& tx) {
  const std::string previous = event.payload->optValue<std::string>("previous_status", "");
  for (const auto& [id, quantity] : linesOf(event)) {
    if (previous == "pending") {
      if (!items_.release(tx, id, quantity))
        throw conflict("The reservation of inventory_id " + std::to_string(id) + " is missing.");
    } else if (previous == "approved") {
      // An item deleted since has nowhere to return to; the cancellation still stands.
      if (!items_.restore(tx, id, quantity))
        Poco::Logger::get("plugin.inventory")
            .warning("order cancelled: inventory_id %Ld no longer exists", id);
    }
  }
}

}  // namespace duka::inventory
