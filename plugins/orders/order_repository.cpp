#include "order_repository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSONString.h>

#include <duka/money.hpp>
#include <duka/sql.hpp>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::range;
using Poco::Data::Keywords::use;

namespace duka::orders {

namespace {

constexpr const char* kColumns =
    "id, customer_id, status, total_minor, currency, note, created_at, updated_at";

struct Row {
  Order order;
  template <class Statement>
  void bind(Statement& statement) {
    statement, into(order.id), into(order.customerId), into(order.status), into(order.totalMinor),
        into(order.currency), into(order.note), into(order.createdAt), into(order.updatedAt);
  }
};

void loadLines(Poco::Data::Session& session, Order& order) {
  order.lines.clear();
  OrderLine line;
  Poco::Int64 id = order.id;
  Poco::Data::Statement select(session);
  select << "SELECT inventory_id, name, quantity, unit_price_minor FROM orders_lines "
            "WHERE order_id = $1 ORDER BY position",
      use(id), into(line.inventoryId), into(line.name), into(line.quantity),
      into(line.unitPriceMinor), range(0, 1);
  while (!select.done()) {
    if (select.execute() > 0)
      order.lines.push_back(line);
  }
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
  order.id = insertSql(tx,
                       "INSERT INTO orders_orders (customer_id, status, total_minor, currency, "
                       "note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                       {order.customerId, order.status, order.totalMinor, order.currency,
                        order.note, order.createdAt, order.updatedAt});
  std::int64_t position = 0;
  for (const auto& line : order.lines) {
    runSql(tx.session(),
           "INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, "
           "unit_price_minor) VALUES ($1, $2, $3, $4, $5, $6)",
           {order.id, position, line.inventoryId, line.name, line.quantity, line.unitPriceMinor});
    ++position;
  }
}

std::optional<Order> OrderRepository::findIn(Poco::Data::Session& session, std::int64_t id,
                                             bool lock, Backend backend) {
  Row row;
  Poco::Int64 key = id;
  Poco::Data::Statement select(session);
  select << sqlFor(backend, "SELECT " + std::string(kColumns) +
                                " FROM orders_orders WHERE id = $1" +
                                (lock ? "{{for_update}}" : "")),
      use(key);
  row.bind(select);
  if (select.execute() == 0)
    return std::nullopt;
  loadLines(session, row.order);
  return row.order;
}

std::optional<Order> OrderRepository::find(std::int64_t id) {
  DbSession session = db_.session();
  return findIn(*session, id, false, db_.backend());
}

std::optional<Order> OrderRepository::findForUpdate(Transaction& tx, std::int64_t id) {
  return findIn(tx.session(), id, true, tx.backend());
}

std::vector<Order> OrderRepository::list(const OrderFilter& filter, std::int64_t limit,
                                         std::int64_t offset, std::int64_t& count) {
  DbSession session = db_.session();
  Poco::Int64 customer = filter.customerId.value_or(0), any = filter.customerId ? 0 : 1;
  std::string status = filter.status;
  Poco::Int64 total = 0, lim = limit, off = offset;
  const std::string where =
      " FROM orders_orders WHERE ($1 = 1 OR customer_id = $2) AND ($3 = '' OR status = $3)";
  *session << "SELECT COUNT(*)" + where, use(any), use(customer), use(status), into(total), now;
  count = total;
  std::vector<Order> orders;
  Row row;
  Poco::Data::Statement select(*session);
  select << "SELECT " + std::string(kColumns) + where + " ORDER BY id LIMIT $4 OFFSET $5", use(any),
      use(customer), use(status), use(lim), use(off);
  row.bind(select);
  select, range(0, 1);
  while (!select.done()) {
    if (select.execute() > 0)
      orders.push_back(row.order);
  }
  for (auto& order : orders)
    loadLines(*session, order);
  return orders;
}

bool OrderRepository::move(Transaction& tx, Order& order, const std::string& from,
                           const std::string& to) {
  std::string at = nowRfc3339(), target = to, expected = from;
  Poco::Int64 id = order.id, moved = 0;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE orders_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 "
            "RETURNING id",
      use(target), use(at), use(id), use(expected), into(moved);
  update.execute();
  if (moved != order.id)
    return false;
  order.status = to;
  order.updatedAt = at;
  return true;
}

bool OrderRepository::hasOpenOrders(Transaction& tx, std::int64_t customerId) {
  Poco::Int64 customer = customerId, open = 0;
  tx.session() << "SELECT COUNT(*) FROM orders_orders WHERE customer_id = $1 AND "
                  "status IN ('pending', 'approved')",
      use(customer), into(open), now;
  return open > 0;
}

}  // namespace duka::orders
