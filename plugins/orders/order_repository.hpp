// OrderRepository: the orders_orders and orders_lines tables. SQL lives here only.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::orders {

struct OrderLine {
  std::int64_t inventoryId = 0;
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t unitPriceMinor = 0;
  std::int64_t lineTotalMinor() const { return quantity * unitPriceMinor; }
};

struct Order {
  std::int64_t id = 0;
  std::int64_t customerId = 0;
  std::string status;
  std::vector<OrderLine> lines;
  std::int64_t totalMinor = 0;
  std::string currency;
  std::string note;
  std::string createdAt;
  std::string updatedAt;

  // toJson is the order as the API and the events show it.
  Poco::JSON::Object::Ptr toJson() const;
  // toJsonText is duka::toJson(toJson()), the same bytes, written directly: an order's
  // answer is built on every POST /api/orders/ (tested against toJson()).
  std::string toJsonText() const;
};

struct OrderFilter {
  std::optional<std::int64_t> customerId;
  std::string status;  // "" for any
};

class OrderRepository {
 public:
  explicit OrderRepository(Database& db) : db_(db) {}

  void insert(Transaction& tx, Order& order);
  std::optional<Order> find(std::int64_t id);
  // findForUpdate reads an order in tx, locking its row on PostgreSQL.
  std::optional<Order> findForUpdate(Transaction& tx, std::int64_t id);
  std::vector<Order> list(const OrderFilter& filter, std::int64_t limit, std::int64_t offset,
                          std::int64_t& count);
  // move sets the status when it is still `from`; false when another writer moved it.
  bool move(Transaction& tx, Order& order, const std::string& from, const std::string& to);
  bool hasOpenOrders(Transaction& tx, std::int64_t customerId);

 private:
  std::optional<Order> findIn(SqlSession& session, std::int64_t id, bool lock);
  Database& db_;
};

}  // namespace duka::orders
