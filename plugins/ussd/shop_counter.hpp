// ShopCounter: what the USSD menu asks of the shop, one call per question. Its
// implementation (counter_services.hpp) answers through the customers, inventory, orders
// and (when it runs) mpesa plugins' public services; the menu's tests answer from memory.
#pragma once

#include <cstdint>
#include <duka/plugins/customers/customer.hpp>
#include <duka/plugins/inventory/item.hpp>
#include <duka/plugins/orders/order.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::ussd {

class ShopCounter {
 public:
  virtual ~ShopCounter() = default;
  // customer is the customer whose phone number is e164, if any.
  virtual std::optional<customers::Customer> customer(const std::string& e164) = 0;
  // enrol registers e164 under name (or answers the customer it has).
  virtual customers::Customer enrol(const std::string& name, const std::string& e164) = 0;
  // inStock: up to limit items by name, after offset: those with stock available, and those
  // that sold out in the last minutes (so a session's list keeps its places; the menu shows
  // them as sold out).
  virtual std::vector<inventory::Item> inStock(std::int64_t offset, std::int64_t limit) = 0;
  virtual std::optional<inventory::Item> item(std::int64_t id) = 0;
  // placeOnce places the session's order, or answers the order the session placed before;
  // an HttpError says why it could not (409: the stock ran out meanwhile).
  virtual orders::Order placeOnce(const std::string& sessionId, std::int64_t customerId,
                                  std::int64_t itemId, std::int64_t quantity) = 0;
  // placedIn is the order the session placed, if it has.
  virtual std::optional<orders::Order> placedIn(const std::string& sessionId) = 0;
  virtual std::vector<orders::Order> latest(std::int64_t customerId, int limit, bool payable) = 0;
  // cancel cancels the customer's pending order (HttpError 409 when it is not pending).
  virtual orders::Order cancel(std::int64_t orderId, std::int64_t customerId) = 0;
  // canPay: an M-Pesa push can be asked for (the mpesa plugin runs).
  virtual bool canPay() const = 0;
  // pay asks for an M-Pesa push to e164 for the order's unpaid amount.
  virtual void pay(const orders::Order& order, const std::string& e164) = 0;
  virtual const std::string& currency() const = 0;
};

}  // namespace duka::ussd
