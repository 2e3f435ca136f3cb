#include "order_repository.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSONString.h>

#include <duka/money.hpp>
#include <duka/sql.hpp>

namespace duka::orders {

namespace {

constexpr const char* kColumns =
    "id, customer_id, status, total_minor, currency, note, created_at, updated_at";

// orderOf reads the columns of kColumns from a result row (without the lines).
Order orderOf(const SqlRow& row) {
  Order order;
  order.id = row.integer(0);
  order.customerId = row.integer(1);
  order.status = row.text(2);
  order.totalMinor = row.integer(3);
  order.currency = row.text(4);
  order.note = row.text(5);
  order.createdAt = row.text(6);
  order.updatedAt = row.text(7);
  return order;
}

void loadLines(SqlSession& session, Order& order) {
  order.lines.clear();
  session.run(
      "SELECT inventory_id, name, quantity, unit_price_minor FROM orders_lines "
      "WHERE order_id = $1 ORDER BY position",
      {order.id}, [&](const SqlRow& row) {
        order.lines.push_back(OrderLine{.inventoryId = row.integer(0),
                                        .name = row.text(1),
                                        .quantity = row.integer(2),
                                        .unitPriceMinor = row.integer(3)});
      });
}

}  // namespace

Poco::JSON::Object::Ptr Order::toJson() const {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("id", id);
  json->set("customer_id", customerId);
  json->set("status", status);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& line : lines) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("inventory_id", line.inventoryId);
    item->set("name", line.name);
    item->set("quantity", line.quantity);
    item->set("unit_price", formatMoney(line.unitPriceMinor));
    item->set("line_total", formatMoney(line.lineTotalMinor()));
    items->add(item);
  }
  json->set("items", items);
  json->set("total", formatMoney(totalMinor));
  json->set("currency", currency);
  json->set("note", note);
  json->set("created_at", createdAt);
  json->set("updated_at", updatedAt);
  return json;
}

std::string Order::toJsonText() const {
  // The keys in the order Poco::JSON::Object writes them (sorted); text escaped by Poco.
  std::string out;
  out.reserve(256 + 160 * lines.size());
  const auto key = [&](const char* name) {
    out += '"';
    out += name;
    out += "\":";
  };
  const auto text = [&](const std::string& value) {
    out += Poco::toJSON(value, Poco::JSON_WRAP_STRINGS);
  };
  const auto number = [&](std::int64_t value) { out += std::to_string(value); };
  out += '{';
  key("created_at");
  text(createdAt);
  out += ',';
  key("currency");
  text(currency);
  out += ',';
  key("customer_id");
  number(customerId);
  out += ',';
  key("id");
  number(id);
  out += ',';
  key("items");
  out += '[';
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const OrderLine& line = lines[i];
    out += i == 0 ? "{" : ",{";
    key("inventory_id");
    number(line.inventoryId);
    out += ',';
    key("line_total");
    text(formatMoney(line.lineTotalMinor()));
    out += ',';
    key("name");
    text(line.name);
    out += ',';
    key("quantity");
    number(line.quantity);
    out += ',';
    key("unit_price");
    text(formatMoney(line.unitPriceMinor));
    out += '}';
  }
  out += "],";
  key("note");
  text(note);
  out += ',';
  key("status");
  text(status);
  out += ',';
  key("total");
  text(formatMoney(totalMinor));
  out += ',';
  key("updated_at");
  text(updatedAt);
  out += '}';
  return out;
}

void OrderRepository::insert(Transaction& tx, Order& order) {
  order.createdAt = order.updatedAt = nowRfc3339();
  order.id = tx.insert(
      "INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {order.customerId, order.status, order.totalMinor, order.currency, order.note,
       order.createdAt, order.updatedAt});
  std::int64_t position = 0;
  // The lines' outcome is needed by nobody before the commit: they travel with the next
  // statement (on PostgreSQL).
  for (const auto& line : order.lines) {
    tx.queue(
        "INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, "
        "unit_price_minor) VALUES ($1, $2, $3, $4, $5, $6)",
        {order.id, position, line.inventoryId, line.name, line.quantity, line.unitPriceMinor});
    ++position;
  }
}

std::optional<Order> OrderRepository::findIn(SqlSession& session, std::int64_t id, bool lock) {
  std::optional<Order> found;
  session.run(sqlFor(session.backend(), "SELECT " + std::string(kColumns) +
                                            " FROM orders_orders WHERE id = $1" +
                                            (lock ? "{{for_update}}" : "")),
              {id}, [&](const SqlRow& row) { found = orderOf(row); });
  if (found)
    loadLines(session, *found);
  return found;
}

std::optional<Order> OrderRepository::find(std::int64_t id) {
  DbSession session = db_.session();
  return findIn(*session, id, false);
}

std::optional<Order> OrderRepository::findForUpdate(Transaction& tx, std::int64_t id) {
  return findIn(tx, id, true);
}

std::vector<Order> OrderRepository::list(const OrderFilter& filter, std::int64_t limit,
                                         std::int64_t offset, std::int64_t& count) {
  DbSession session = db_.session();
  const std::int64_t customer = filter.customerId.value_or(0), any = filter.customerId ? 0 : 1;
  const std::string where =
      " FROM orders_orders WHERE ($1 = 1 OR customer_id = $2) AND ($3 = '' OR status = $3)";
  session->run("SELECT COUNT(*)" + where, {any, customer, filter.status},
               [&](const SqlRow& row) { count = row.integer(0); });
  std::vector<Order> orders;
  session->run("SELECT " + std::string(kColumns) + where + " ORDER BY id LIMIT $4 OFFSET $5",
               {any, customer, filter.status, limit, offset},
               [&](const SqlRow& row) { orders.push_back(orderOf(row)); });
  for (auto& order : orders)
    loadLines(*session, order);
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

bool OrderRepository::hasOpenOrders(Transaction& tx, std::int64_t customerId) {
  std::int64_t open = 0;
  tx.run(
      "SELECT COUNT(*) FROM orders_orders WHERE customer_id = $1 AND "
      "status IN ('pending', 'approved')",
      {customerId}, [&](const SqlRow& row) { open = row.integer(0); });
  return open > 0;
}

}  // namespace duka::orders
