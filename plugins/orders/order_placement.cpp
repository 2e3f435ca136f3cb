#include "order_placement.hpp"

#include <duka/facility/money.hpp>
#include <map>

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
  // Inventory reserves the stock first, in the statements that read each item's name and
  // price (409 when short), so that an order on PostgreSQL waits for one round trip fewer.
  std::map<std::int64_t, std::int64_t> quantities;
  for (const auto& line : lines)
    quantities[line.inventoryId] += line.quantity;
  const auto items = stock_->reserve(tx, quantities);
  FieldErrors missing;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto item = items.find(lines[i].inventoryId);
    if (item == items.end()) {
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
