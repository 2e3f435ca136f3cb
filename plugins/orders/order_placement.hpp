// OrderPlacement: placing an order and moving it along its state machine, inside a caller's
// transaction, under the rules every way in shares (the API's routes, and OrderDesk for
// other plugins): the customer and every item exist, the total fits, and inventory reserves
// the stock or vetoes (409); a move is one the state machine allows the caller.
#pragma once

#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/inventory/inventory_catalog.hpp>
#include <duka/plugins/orders/order_desk.hpp>
#include <memory>
#include <optional>
#include <string>

#include "order_repository.hpp"
#include "order_state.hpp"

namespace duka::orders {

class OrderPlacement {
 public:
  OrderPlacement(OrderRepository& orders, std::shared_ptr<customers::CustomerDirectory> customers,
                 std::shared_ptr<inventory::InventoryCatalog> catalog, std::string currency)
      : orders_(orders),
        customers_(std::move(customers)),
        catalog_(std::move(catalog)),
        currency_(std::move(currency)) {}

  // place stores the customer's pending order and publishes order.created.
  Order place(Transaction& tx, std::int64_t customerId, const std::vector<OrderRequestLine>& lines,
              const std::string& note);
  // move moves order id along t for staff, or for the customer owning it (else 404), and
  // publishes its event (order.cancelled with the reason).
  Order move(Transaction& tx, std::int64_t id, const Transition& t, bool staff,
             std::optional<std::int64_t> customerId);

 private:
  OrderRepository& orders_;
  std::shared_ptr<customers::CustomerDirectory> customers_;
  std::shared_ptr<inventory::InventoryCatalog> catalog_;
  std::string currency_;
};

}  // namespace duka::orders
