// OrderRepository: the orders_orders and orders_lines tables. SQL lives here only.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/plugins/orders/order.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::orders {

struct OrderFilter {
  std::optional<std::int64_t> customerId;
  std::string status;         // "" for any
  std::string paymentStatus;  // "" for any
  bool newestFirst = false;   // by id descending
};

class OrderRepository {
 public:
  explicit OrderRepository(Database& db) : db_(db) {}

  void insert(Transaction& tx, Order& order);
  std::optional<Order> find(std::int64_t id);
  std::optional<Order> find(Transaction& tx, std::int64_t id) { return findIn(tx, id, false); }
  // findForUpdate reads an order in tx, locking its row on PostgreSQL.
  std::optional<Order> findForUpdate(Transaction& tx, std::int64_t id);
  Listing<Order> list(const OrderFilter& filter, const Page& page);
  // latest reads up to limit of a customer's orders, newest first; payable: only those
  // neither cancelled nor paid.
  std::vector<Order> latest(SqlSession& session, std::int64_t customerId, int limit, bool payable);
  // move sets the status when it is still `from`; false when another writer moved it.
  bool move(Transaction& tx, Order& order, const std::string& from, const std::string& to);
  bool hasOpenOrders(Transaction& tx, std::int64_t customerId);
  // addPayment adds a payment's amount to the order's paid_total (locking its row on
  // PostgreSQL) and sets payment_status from it; it returns the order as it is now. A
  // cancelled order takes it too: paid_total is what arrived, and on a cancelled order it is
  // what to refund.
  Order addPayment(Transaction& tx, std::int64_t id, std::int64_t amountMinor);
  // expiryCandidates lists pending, unpaid orders created before the time (RFC 3339) with an
  // id above afterId, by id; expire() decides each again under its own lock.
  std::vector<std::int64_t> expiryCandidates(const std::string& createdBefore, std::int64_t afterId,
                                             int limit);

 private:
  std::optional<Order> findIn(SqlSession& session, std::int64_t id, bool lock);
  Database& db_;
};

}  // namespace duka::orders
