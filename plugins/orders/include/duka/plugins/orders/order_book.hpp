// duka/plugins/orders/order_book.hpp: what the orders plugin answers other plugins (a
// payment plugin checks the order it is asked to collect for; sms addresses a payment's
// message to the order's customer), provided as "orders.book". List "orders" in requires to
// look it up.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>

#include "duka/plugins/orders/order.hpp"

namespace duka::orders {

class OrderBook {
 public:
  virtual ~OrderBook() = default;
  // find reads the order as it is committed now.
  virtual std::optional<Order> find(std::int64_t id) const = 0;
  // find reads the order through tx, so it sees the caller's own uncommitted writes.
  virtual std::optional<Order> find(Transaction& tx, std::int64_t id) const = 0;
  // findForUpdate reads the order through tx and keeps it from changing until tx ends, so
  // what the caller decides from it (how much is unpaid) still holds at the commit.
  virtual std::optional<Order> findForUpdate(Transaction& tx, std::int64_t id) const = 0;
  // currency is [orders] currency: every order's.
  virtual const std::string& currency() const = 0;
};

inline constexpr const char* kOrderBookService = "orders.book";

}  // namespace duka::orders
