// CounterServices: the ShopCounter of a running duka, answered through the customers,
// inventory and orders plugins' public services (customers.registry, inventory.shelf,
// orders.desk, orders.book; mpesa.pushes when mpesa runs) and the ussd_sessions table; reads go to
// the database, writes through one transaction each, acting as the caller ("ussd:+2547...": the
// audit's actor).
#pragma once

#include <duka/plugins/customers/customer_registry.hpp>
#include <duka/plugins/inventory/inventory_shelf.hpp>
#include <duka/plugins/mpesa/payment_pushes.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/plugins/orders/order_desk.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "shop_counter.hpp"

namespace duka::ussd {

struct CounterParts {
  std::shared_ptr<customers::CustomerRegistry> customers;
  std::shared_ptr<inventory::InventoryShelf> shelf;
  std::shared_ptr<orders::OrderDesk> desk;
  std::shared_ptr<orders::OrderBook> book;
  std::shared_ptr<mpesa::PaymentPushes> pushes;  // none when mpesa is not enabled
};

class CounterServices : public ShopCounter {
 public:
  // context is the request's: its id, and the caller made the actor.
  CounterServices(Database& db, const CounterParts& parts, EventContext context);

  std::optional<customers::Customer> customer(const std::string& e164) override;
  customers::Customer enrol(const std::string& name, const std::string& e164) override;
  std::vector<inventory::Item> inStock(std::int64_t offset, std::int64_t limit) override;
  std::optional<inventory::Item> item(std::int64_t id) override;
  orders::Order placeOnce(const std::string& sessionId, std::int64_t customerId,
                          std::int64_t itemId, std::int64_t quantity) override;
  std::optional<orders::Order> placedIn(const std::string& sessionId) override;
  std::vector<orders::Order> latest(std::int64_t customerId, int limit, bool payable) override;
  orders::Order cancel(std::int64_t orderId, std::int64_t customerId) override;
  bool canPay() const override { return parts_.pushes != nullptr; }
  void pay(const orders::Order& order, const std::string& e164) override;
  const std::string& currency() const override { return parts_.book->currency(); }

 private:
  Database& db_;
  const CounterParts& parts_;
  EventContext context_;
};

// ussdActor is the principal a USSD caller acts as: subject "ussd:" + the number.
Principal ussdActor(const std::string& e164);

}  // namespace duka::ussd
