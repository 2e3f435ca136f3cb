#include "order_placement.hpp"

#include <duka/facility/money.hpp>

namespace duka::orders {

Order OrderPlacement::place(Transaction& tx, std::int64_t customerId,
                            const std::vector<OrderRequestLine>& lines, const std::string& note) {
  Order order;
  order.customerId = customerId;
  order.status = kPending;
  order.currency = currency_;
  order.note = note;
  if (!customers_->find(tx, order.customerId))
    throw unprocessable("No customer with that id.", {{"customer_id", {"does not exist"}}});
  std::vector<std::int64_t> ids;
  for (const auto& line : lines)
    ids.push_back(line.inventoryId);
  const auto catalog = catalog_->items(tx, ids);
  FieldErrors missing;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto item = catalog.find(lines[i].inventoryId);
    if (item == catalog.end()) {
      missing["items[" + std::to_string(i) + "].inventory_id"].push_back("does not exist");
      continue;
    }
    OrderLine line{item->first, item->second.name, lines[i].quantity, item->second.priceMinor};
    if (__builtin_add_overflow(total, line.lineTotalMinor(), &total) || total > kMaxMoneyMinor)
      throw unprocessable("The order's total is too large.", {{"items", {"total too large"}}});
    order.lines.push_back(line);
  }
  if (!missing.empty())
    throw unprocessable("Some items do not exist.", std::move(missing));
  order.totalMinor = total;
  orders_.insert(tx, order);
  // Inventory reserves the stock in this transaction, or vetoes it with a 409.
  tx.publish(kOrderCreated, order);
  return order;
}

Order OrderPlacement::move(Transaction& tx, std::int64_t id, const Transition& t, bool staff,
                           std::optional<std::int64_t> customerId) {
  auto current = orders_.findForUpdate(tx, id);
  if (!current || (!staff && customerId != current->customerId))
    throw notFound("No order with that id.");
  const std::string from = current->status;
  if (!canMove(from, t, staff)) {
    throw conflict("The order is " + from + "; it cannot be " + t.target + " now.",
                   {{"status", {from}}});
  }
  if (!orders_.move(tx, *current, from, t.target))
    throw conflict("The order changed meanwhile; read it again.");
  // Inventory takes, releases or returns the stock in this transaction.
  if (t.event)
    tx.publish(*t.event, *current);
  else
    tx.publish(kOrderCancelled, {*current, from, staff ? kByStaff : kByCustomer});
  return *current;
}

}  // namespace duka::orders
