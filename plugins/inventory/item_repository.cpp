#include "item_repository.hpp"

#include <Poco/UTF8String.h>

#include <duka/facility/money.hpp>
#include <duka/plugins/inventory/item_rows.hpp>

namespace duka::inventory {

namespace {

std::string statusCondition(const std::string& status) {
  if (status == "out_of_stock")
    return "on_hand - reserved <= 0";
  if (status == "low_stock")
    return "on_hand - reserved > 0 AND on_hand - reserved <= warn_limit";
  if (status == "in_stock")
    return "on_hand - reserved > 0 AND on_hand - reserved > warn_limit";
  return "";
}

std::optional<Item> selectOne(SqlSession& session, std::int64_t id) {
  return kItemRows.one(session, "WHERE id = $1", {id});
}

}  // namespace

// Movement is one kind of stock move: the text of its conditional UPDATE ($1 the amount, $2
// the time, $3 the item's id; the item after the move comes back with it), built once per
// kind, and how it changes what is available (on_hand - reserved): by +amount, by -amount,
// or not at all.
struct ItemRepository::Movement {
  Movement(const char* set, const char* guard, int availableChange)
      : update(std::string("UPDATE inventory_items SET ") + set +
               ", updated_at = $2 WHERE id = $3 AND " + guard + " RETURNING " + kItemRows.list()),
        availableChange(availableChange) {}
  // soldOutAround is whether the item had nothing available before the move, or has nothing
  // after it (amount > 0 whenever availableChange < 0: a reservation's quantity).
  bool soldOutAround(std::int64_t availableAfter, std::int64_t amount) const {
    return availableAfter <= 0 || (availableChange > 0 && availableAfter <= amount);
  }
  const std::string update;
  const int availableChange;
};

std::optional<Item> ItemRepository::find(std::int64_t id) {
  return selectOne(db_, id);
}

std::optional<Item> ItemRepository::find(Transaction& tx, std::int64_t id) {
  return selectOne(tx, id);
}

std::optional<Item> ItemRepository::find(SqlSession& session, std::int64_t id) {
  return selectOne(session, id);
}

std::vector<Item> ItemRepository::inStock(SqlSession& session, std::int64_t offset,
                                          std::int64_t limit, const std::string& since) {
  // The case-folded name's unique index gives the order; the filter skips items sold out
  // before `since`.
  const auto read = [&] {
    return kItemRows.all(session,
                         "WHERE (on_hand - reserved > 0 OR updated_at >= $1) ORDER BY name_key, "
                         "id LIMIT $2 OFFSET $3",
                         {since, limit, offset});
  };
  // A transaction reads what it wrote itself, which no page shows yet.
  if (dynamic_cast<Transaction*>(&session) != nullptr)
    return read();
  return pages_.shelf.read(std::to_string(offset) + '/' + std::to_string(limit) + '/' + since,
                           read);
}

std::vector<Item> ItemRepository::findMany(Transaction& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Item> items;
  for (std::int64_t id : ids) {
    if (auto item = selectOne(tx, id))
      items.push_back(*item);
  }
  return items;
}

Listing<Item> ItemRepository::list(const std::string& status, const std::string& search,
                                   const Page& page) {
  const std::string pattern = containsPattern(search);
  ListQuery query;
  if (!search.empty()) {
    query.also(
        "LOWER(name) LIKE LOWER(?) ESCAPE '\\' OR LOWER(COALESCE(sku, '')) LIKE LOWER(?) "
        "ESCAPE '\\'",
        {pattern, pattern});
  }
  if (const std::string condition = statusCondition(status); !condition.empty())
    query.also(condition);
  return page.read(db_, kItemRows, query);
}

std::string itemKey(const std::string& text) {
  return Poco::UTF8::toLower(text);
}

FieldErrors ItemRepository::taken(SqlSession& session, const Item& item) {
  const std::string nameKey = itemKey(item.name);
  const std::string skuKey = itemKey(item.sku);
  FieldErrors errors;
  session.run(
      "SELECT CASE WHEN name_key = $1 THEN 1 ELSE 0 END, CASE WHEN sku_key = $2 THEN 1 ELSE 0 "
      "END FROM inventory_items WHERE (name_key = $1 OR sku_key = $2) AND id <> $3",
      {nameKey, nullIfEmpty(skuKey), item.id}, [&](const SqlRow& row) {
        if (row.integer(0))
          errors["name"] = {"is taken"};
        if (row.integer(1))
          errors["sku"] = {"is taken"};
      });
  return errors;
}

std::vector<std::string> ItemRepository::rekey() {
  struct Stale {
    std::int64_t id;
    std::string name, sku;
  };
  std::vector<Stale> stale;
  db_.run(
      "SELECT id, name, COALESCE(sku, ''), name_key, COALESCE(sku_key, '') FROM "
      "inventory_items",
      {}, [&](const SqlRow& row) {
        if (itemKey(row.text(1)) != row.text(3) || itemKey(row.text(2)) != row.text(4))
          stale.push_back({row.integer(0), row.text(1), row.text(2)});
      });
  std::vector<std::string> clashes;
  for (const auto& item : stale) {
    try {
      db_.write(EventContext::system("inventory"), [&](Transaction& tx) {
        invalidateWith(tx);
        tx.run("UPDATE inventory_items SET name_key = $1, sku_key = $2 WHERE id = $3",
               {itemKey(item.name), nullIfEmpty(itemKey(item.sku)), item.id});
      });
    } catch (const std::exception& e) {
      if (!isUniqueViolation(e))
        throw;
      clashes.push_back("item " + std::to_string(item.id) + " (\"" + item.name +
                        "\") has the name or sku of another item, ignoring case");
    }
  }
  return clashes;
}

void ItemRepository::invalidateWith(Transaction& tx) {
  pages_.lists.invalidateWith(tx);
  pages_.shelf.invalidateWith(tx);
}

void ItemRepository::insert(Transaction& tx, Item& item) {
  invalidateWith(tx);
  item.createdAt = item.updatedAt = nowRfc3339();
  item.id = tx.insert(
      "INSERT INTO inventory_items (sku, name, price_minor, on_hand, reserved, warn_limit, "
      "created_at, updated_at, name_key, sku_key) VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9)",
      {nullIfEmpty(item.sku), item.name, item.priceMinor, item.onHand, item.warnLimit,
       item.createdAt, item.updatedAt, itemKey(item.name), nullIfEmpty(itemKey(item.sku))});
  item.reserved = 0;
}

bool ItemRepository::update(Transaction& tx, Item& item) {
  invalidateWith(tx);
  item.updatedAt = nowRfc3339();
  std::int64_t reserved = -1;
  tx.run(
      "UPDATE inventory_items SET sku = $1, name = $2, price_minor = $3, on_hand = $4, "
      "warn_limit = $5, updated_at = $6, name_key = $7, sku_key = $8 WHERE id = $9 AND "
      "$4 >= reserved RETURNING reserved",
      {nullIfEmpty(item.sku), item.name, item.priceMinor, item.onHand, item.warnLimit,
       item.updatedAt, itemKey(item.name), nullIfEmpty(itemKey(item.sku)), item.id},
      [&](const SqlRow& row) { reserved = row.integer(0); });
  if (reserved < 0)
    return false;
  item.reserved = reserved;
  return true;
}

bool ItemRepository::remove(Transaction& tx, std::int64_t id) {
  invalidateWith(tx);
  return tx.run("DELETE FROM inventory_items WHERE id = $1 AND reserved = 0", {id}) == 1;
}

std::optional<Item> ItemRepository::move(Transaction& tx, const Movement& movement, std::int64_t id,
                                         std::int64_t amount) {
  pages_.lists.invalidateWith(tx);
  std::optional<Item> moved;
  tx.run(movement.update, {amount, nowRfc3339(), id},
         [&](const SqlRow& row) { moved = kItemRows.read(row); });
  // The shelf shows whether an item is available, and lists a sold-out item only while its
  // last change is recent: a move elsewhere leaves its pages as they are.
  if (moved && movement.soldOutAround(moved->available(), amount))
    pages_.shelf.invalidateWith(tx);
  return moved;
}

std::optional<Item> ItemRepository::adjust(Transaction& tx, std::int64_t id, std::int64_t delta) {
  static const Movement movement("on_hand = on_hand + $1", "on_hand + $1 >= reserved", 1);
  return move(tx, movement, id, delta);
}

std::optional<Item> ItemRepository::reserve(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("reserved = reserved + $1", "on_hand - reserved >= $1", -1);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::take(Transaction& tx, std::int64_t id, std::int64_t quantity) {
  static const Movement movement("on_hand = on_hand - $1, reserved = reserved - $1",
                                 "reserved >= $1", 0);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::release(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("reserved = reserved - $1", "reserved >= $1", 1);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::restore(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("on_hand = on_hand + $1", "$1 >= 0", 1);
  return move(tx, movement, id, quantity);
}

}  // namespace duka::inventory
