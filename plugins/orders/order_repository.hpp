// OrderRepository: the orders_orders and orders_lines tables. SQL lives here only.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/pagination.hpp>
#include <duka/plugins/orders/order.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::orders {

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
  Listing<Order> list(const OrderFilter& filter, const Page& page);
  // move sets the status when it is still `from`; false when another writer moved it.
  bool move(Transaction& tx, Order& order, const std::string& from, const std::string& to);
  bool hasOpenOrders(Transaction& tx, std::int64_t customerId);

 private:
  std::optional<Order> findIn(SqlSession& session, std::int64_t id, bool lock);
  Database& db_;
};

}  // namespace duka::orders
