// duka/plugins/inventory/item.hpp: the inventory item as the API and the inventory.* events
// show it, declared once. Subscribers to these events list "inventory" in requires.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <string>

namespace duka::inventory {

inline constexpr std::int64_t kMaxStockCount = 1'000'000'000;

struct Item {
  std::int64_t id = 0;
  std::string sku;  // "" when none
  std::string name;
  std::int64_t priceMinor = 0;
  std::int64_t onHand = 0;
  std::int64_t reserved = 0;
  std::int64_t warnLimit = 5;
  std::string createdAt;
  std::string updatedAt;

  std::int64_t available() const { return onHand - reserved; }
  // status: out_of_stock when available <= 0, low_stock when <= warn_limit, else in_stock.
  std::string status() const {
    return available() <= 0 ? "out_of_stock" : available() <= warnLimit ? "low_stock" : "in_stock";
  }
};

inline const Shape<Item>& itemShape() {
  static const Shape<Item> shape =
      Shape<Item>("Item", "A stock-keeping unit and its stock")
          .field("id", &Item::id, {.readOnly = true})
          .field("sku", &Item::sku,
                 {.description = "Unique ignoring case",
                  .nullable = true,
                  .minLength = 0,
                  .maxLength = 64})
          .field("name", &Item::name,
                 {.description = "Unique ignoring case", .required = true, .maxLength = 200})
          .field("price", &Item::priceMinor, {.required = true, .money = true})
          .field("on_hand", &Item::onHand, {.required = true, .min = 0, .max = kMaxStockCount})
          .field("reserved", &Item::reserved,
                 {.description = "Held by pending orders", .readOnly = true})
          .computed("available", &Item::available, {.description = "on_hand - reserved"})
          .field("warn_limit", &Item::warnLimit,
                 {.description = "low_stock at or below this many available",
                  .min = 0,
                  .max = kMaxStockCount,
                  .defaultValue = 5})
          .computed("status", &Item::status, {.choices = {"in_stock", "low_stock", "out_of_stock"}})
          .field("created_at", &Item::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Item::updatedAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

// Adjustment is a restock (delta > 0) or a write-off (delta < 0) and why.
struct Adjustment {
  std::int64_t delta = 0;
  std::string reason;
};

inline const Shape<Adjustment>& adjustmentShape() {
  static const Shape<Adjustment> shape =
      Shape<Adjustment>("Adjustment", "A restock or a write-off")
          .field("delta", &Adjustment::delta,
                 {.description = "Added to on_hand; never 0",
                  .required = true,
                  .min = -kMaxStockCount,
                  .max = kMaxStockCount})
          .field("reason", &Adjustment::reason, {.required = true});
  return shape;
}

// ItemAdjusted is inventory.adjusted's payload: the item after the move, and the move.
struct ItemAdjusted {
  Item item;
  Adjustment adjustment;
};

inline const Shape<ItemAdjusted>& itemAdjustedShape() {
  static const Shape<ItemAdjusted> shape = Shape<ItemAdjusted>("ItemAdjusted")
                                               .embed(&ItemAdjusted::item, itemShape())
                                               .embed(&ItemAdjusted::adjustment, adjustmentShape());
  return shape;
}

// The events the inventory plugin publishes. low_stock and out_of_stock are published when
// a change moves an item into that status.
inline constexpr EventType<Item> kItemCreated{"inventory.created", itemShape};
inline constexpr EventType<Item> kItemUpdated{"inventory.updated", itemShape};
inline constexpr EventType<Item> kItemDeleted{"inventory.deleted", itemShape};
inline constexpr EventType<ItemAdjusted> kItemAdjusted{"inventory.adjusted", itemAdjustedShape};
inline constexpr EventType<Item> kItemLowStock{"inventory.low_stock", itemShape};
inline constexpr EventType<Item> kItemOutOfStock{"inventory.out_of_stock", itemShape};

}  // namespace duka::inventory
