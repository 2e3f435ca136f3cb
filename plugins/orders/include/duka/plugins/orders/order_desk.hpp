// duka/plugins/orders/order_desk.hpp: orders placed, cancelled and listed on a customer's
// behalf by another plugin (USSD, SMS commands), under the API's own rules and with its
// events, audit and stock reservations; provided as "orders.desk". List "orders" in requires
// to look it up.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <vector>

#include "duka/plugins/orders/order.hpp"

namespace duka::orders {

struct OrderRequestLine {
  std::int64_t inventoryId = 0;
  std::int64_t quantity = 0;
};

class OrderDesk {
 public:
  virtual ~OrderDesk() = default;
  // place creates the customer's pending order in tx and reserves its stock; an HttpError
  // says why not (422: no such customer or item; 409: not enough stock).
  virtual Order place(Transaction& tx, std::int64_t customerId,
                      const std::vector<OrderRequestLine>& lines) = 0;
  // cancel cancels the customer's own pending order in tx (order.cancelled, reason
  // "customer"); an HttpError says why not (404: not the customer's; 409: not pending).
  virtual Order cancel(Transaction& tx, std::int64_t orderId, std::int64_t customerId) = 0;
  // latest reads up to limit of the customer's orders, newest first; payable only those
  // neither cancelled nor paid.
  virtual std::vector<Order> latest(SqlSession& session, std::int64_t customerId, int limit,
                                    bool payable = false) const = 0;
};

inline constexpr const char* kOrderDeskService = "orders.desk";

}  // namespace duka::orders
