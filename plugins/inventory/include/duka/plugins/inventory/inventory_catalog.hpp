// duka/plugins/inventory/inventory_catalog.hpp: what the inventory plugin answers other
// plugins (orders reads names and prices when an order is placed), provided as
// "inventory.catalog". List "inventory" in requires to look it up.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <map>
#include <vector>

#include "duka/plugins/inventory/item.hpp"

namespace duka::inventory {

class InventoryCatalog {
 public:
  virtual ~InventoryCatalog() = default;
  // items reads the items with those ids through tx; ids that do not exist are absent.
  virtual std::map<std::int64_t, Item> items(Transaction& tx,
                                             const std::vector<std::int64_t>& ids) const = 0;
};

inline constexpr const char* kInventoryCatalogService = "inventory.catalog";

}  // namespace duka::inventory
