// duka/plugins/inventory/inventory_reservations.hpp: stock set aside for an order as it is
// placed (the orders plugin reserves through it), provided as "inventory.reservations".
// List "inventory" in requires to look it up.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <map>

#include "duka/plugins/inventory/item.hpp"

namespace duka::inventory {

class InventoryReservations {
 public:
  virtual ~InventoryReservations() = default;
  // reserve sets aside quantities (item id -> units) of each item through tx, all or none,
  // in one statement per item that also reads it, and answers each item after the move
  // (its name and price, for the order's lines). When an id has no item, nothing is
  // reserved and the answer lacks that id (the caller answers 422). When every item exists
  // and some lack stock, it throws 409 naming them, and nothing is reserved. A reservation
  // that crosses a threshold publishes inventory.low_stock or inventory.out_of_stock.
  virtual std::map<std::int64_t, Item> reserve(
      Transaction& tx, const std::map<std::int64_t, std::int64_t>& quantities) const = 0;
};

inline constexpr const char* kInventoryReservationsService = "inventory.reservations";

}  // namespace duka::inventory
