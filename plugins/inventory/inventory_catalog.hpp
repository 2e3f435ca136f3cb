// InventoryCatalog: what the inventory plugin answers other plugins (orders reads names
// and prices when an order is placed), registered as "inventory.catalog". Declare
// "inventory" in your plugin's requires to use it.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <map>
#include <string>
#include <vector>

namespace duka::inventory {

struct CatalogItem {
  std::int64_t id = 0;
  std::string name;
  std::int64_t priceMinor = 0;
  std::int64_t available = 0;
};

class InventoryCatalog {
 public:
  virtual ~InventoryCatalog() = default;
  // items reads the items with those ids through tx; ids that do not exist are absent.
  virtual std::map<std::int64_t, CatalogItem> items(Transaction& tx,
                                                    const std::vector<std::int64_t>& ids) const = 0;
};

inline constexpr const char* kInventoryCatalogService = "inventory.catalog";

}  // namespace duka::inventory
