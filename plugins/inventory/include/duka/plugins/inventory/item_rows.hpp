// duka/plugins/inventory/item_rows.hpp: the inventory plugin's items table, published for
// other plugins to read (reports). This declaration is the stable contract within
// inventory 1.x: a column here keeps its name and meaning. Read it, never write it
// (inventory's rules and events go with every write). List "inventory" in requires.
#pragma once

#include <duka/rows.hpp>

#include "duka/plugins/inventory/item.hpp"

namespace duka::inventory {

// kItemRows reads an item: money in minor units, times RFC 3339; sku "" when none.
inline const Rows<Item> kItemRows = Rows<Item>("inventory_items")
                                        .column("id", &Item::id)
                                        .column("COALESCE(sku, '')", &Item::sku)
                                        .column("name", &Item::name)
                                        .column("price_minor", &Item::priceMinor)
                                        .column("on_hand", &Item::onHand)
                                        .column("reserved", &Item::reserved)
                                        .column("warn_limit", &Item::warnLimit)
                                        .column("created_at", &Item::createdAt)
                                        .column("updated_at", &Item::updatedAt);

}  // namespace duka::inventory
