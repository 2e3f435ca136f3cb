#include "order_repository.hpp"

#include <duka/facility/money.hpp>
#include <duka/plugins/orders/order_rows.hpp>

namespace duka::orders {

namespace {

void loadLines(SqlSession& session, Order& order) {
  order.lines = kOrderLineRows.all(session, "WHERE order_id = $1 ORDER BY position", {order.id});
}

}  // namespace

void OrderRepository::insert(Transaction& tx, Order& order) {
  order.createdAt = order.updatedAt = nowRfc3339();
  std::int64_t units = 0;
  for (const auto& line : order.lines)
    units += line.quantity;
  order.id = tx.insert(
      "INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, created_at, "
      "updated_at, units) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {order.customerId, order.status, order.totalMinor, order.currency, order.note,
       order.createdAt, order.updatedAt, units});
  std::int64_t position = 0;
  for (const auto& line : order.lines) {
    tx.run(
        "INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, "
        "unit_price_minor) VALUES ($1, $2, $3, $4, $5, $6)",
        {order.id, position, line.inventoryId, line.name, line.quantity, line.unitPriceMinor});
    ++position;
  }
}

std::optional<Order> OrderRepository::findIn(SqlSession& session, std::int64_t id, bool lock) {
  std::optional<Order> found =
      kOrderRows.one(session, lock ? "WHERE id = $1{{for_update}}" : "WHERE id = $1", {id});
  if (found)
    loadLines(session, *found);
  return found;
}

std::optional<Order> OrderRepository::find(std::int64_t id) {
  return findIn(db_, id, false);
}

std::optional<Order> OrderRepository::findForUpdate(Transaction& tx, std::int64_t id) {
  return findIn(tx, id, true);
}

Listing<Order> OrderRepository::list(const OrderFilter& filter, const Page& page) {
  ListQuery query{.orderBy = filter.newestFirst ? "id DESC" : "id"};
  if (filter.customerId)
    query.also("customer_id = ?", {*filter.customerId});
  if (!filter.status.empty())
    query.also("status = ?", {filter.status});
  if (!filter.paymentStatus.empty())
    query.also("payment_status = ?", {filter.paymentStatus});
  Listing<Order> listing = page.read(db_, kOrderRows, query);
  for (auto& order : listing.results)
    loadLines(db_, order);
  return listing;
}

std::vector<Order> OrderRepository::latest(SqlSession& session, std::int64_t customerId, int limit,
                                           bool payable) {
  std::vector<Order> orders = kOrderRows.all(
      session,
      std::string("WHERE customer_id = $1") +
          (payable ? " AND status <> 'cancelled' AND payment_status <> 'paid'" : "") +
          " ORDER BY id DESC LIMIT $2",
      {customerId, static_cast<std::int64_t>(limit)});
  for (auto& order : orders)
    loadLines(session, order);
  return orders;
}

bool OrderRepository::move(Transaction& tx, Order& order, const std::string& from,
                           const std::string& to) {
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE orders_orders SET status = $1, updated_at = $2 WHERE id = $3 AND "
             "status = $4",
             {to, at, order.id, from}) != 1)
    return false;
  order.status = to;
  order.updatedAt = at;
  return true;
}

Order OrderRepository::addPayment(Transaction& tx, std::int64_t id, std::int64_t amountMinor) {
  auto order = findForUpdate(tx, id);
  if (!order)
    throw SqlError(SqlError::Kind::ConstraintViolation,
                   "a payment for order " + std::to_string(id) + ", which does not exist");
  order->paidTotalMinor += amountMinor;
  order->paymentStatus = order->paidTotalMinor >= order->totalMinor ? kPaid
                         : order->paidTotalMinor > 0                ? kPartiallyPaid
                                                                    : kUnpaid;
  order->updatedAt = nowRfc3339();
  tx.run(
      "UPDATE orders_orders SET paid_total_minor = $1, payment_status = $2, updated_at = $3 "
      "WHERE id = $4",
      {order->paidTotalMinor, order->paymentStatus, order->updatedAt, id});
  return *order;
}

std::vector<std::int64_t> OrderRepository::expiryCandidates(const std::string& createdBefore,
                                                            std::int64_t afterId, int limit) {
  std::vector<std::int64_t> ids;
  db_.run(
      "SELECT id FROM orders_orders WHERE status = 'pending' AND paid_total_minor = 0 AND "
      "created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
      {createdBefore, afterId, std::int64_t{limit}},
      [&](const SqlRow& row) { ids.push_back(row.integer(0)); });
  return ids;
}

bool OrderRepository::hasOpenOrders(Transaction& tx, std::int64_t customerId) {
  std::int64_t open = 0;
  tx.run(
      "SELECT COUNT(*) FROM orders_orders WHERE customer_id = $1 AND "
      "status IN ('pending', 'approved')",
      {customerId}, [&](const SqlRow& row) { open = row.integer(0); });
  return open > 0;
}

}  // namespace duka::orders
