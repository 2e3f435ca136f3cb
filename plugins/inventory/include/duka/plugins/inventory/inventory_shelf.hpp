// duka/plugins/inventory/inventory_shelf.hpp: the items a customer can order now, for plugins
// that list them on a small screen (USSD), provided as "inventory.shelf". List "inventory" in
// requires to look it up.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>
#include <vector>

#include "duka/plugins/inventory/item.hpp"

namespace duka::inventory {

class InventoryShelf {
 public:
  virtual ~InventoryShelf() = default;
  // inStock reads up to limit items with stock available, and those whose stock changed
  // since `since` (RFC 3339; sold out meanwhile), by name ignoring case, skipping the first
  // offset of them. A list read again a little later keeps its items where they were
  // although some sold out meanwhile: a caller choosing by position gets what it saw.
  // Outside a transaction the answer may be a page read up to a second ago: its names,
  // prices and which items are available are as this process last committed them (other
  // instances' writes show within the second), but on_hand and reserved may be older; read
  // one() for an item's count.
  virtual std::vector<Item> inStock(SqlSession& session, std::int64_t offset, std::int64_t limit,
                                    const std::string& since) const = 0;
  // one reads the item with that id, if any.
  virtual std::optional<Item> one(SqlSession& session, std::int64_t id) const = 0;
};

inline constexpr const char* kInventoryShelfService = "inventory.shelf";

}  // namespace duka::inventory
