#include "item_repository.hpp"

#include <Poco/UTF8String.h>

#include <duka/facility/money.hpp>
#include <duka/rows.hpp>

namespace duka::inventory {

namespace {

const Rows<Item> kItemRows = Rows<Item>("inventory_items")
                                 .column("id", &Item::id)
                                 .column("COALESCE(sku, '')", &Item::sku)
                                 .column("name", &Item::name)
                                 .column("price_minor", &Item::priceMinor)
                                 .column("on_hand", &Item::onHand)
                                 .column("reserved", &Item::reserved)
                                 .column("warn_limit", &Item::warnLimit)
                                 .column("created_at", &Item::createdAt)
                                 .column("updated_at", &Item::updatedAt);

std::string statusCondition(const std::string& status) {
  if (status == "out_of_stock")
    return " AND on_hand - reserved <= 0";
  if (status == "low_stock")
    return " AND on_hand - reserved > 0 AND on_hand - reserved <= warn_limit";
  if (status == "in_stock")
    return " AND on_hand - reserved > 0 AND on_hand - reserved > warn_limit";
  return "";
}

// On SQLite an item read in a write transaction is kept in the transaction's memo: an order
// reads its items for the catalog, then reserves them, and the reservation works out the
// item after the move from the kept row instead of reading it back. SQLite lets one writer
// in at a time, so a row read in a write transaction changes only through it, and every
// change to inventory_items is made here, which keeps the entry current. Not on PostgreSQL,
// where another transaction may change a row between a read without a lock and the move
// (the moves there read the row with RETURNING).
std::string memoKey(std::int64_t id) {
  return "inventory.item:" + std::to_string(id);
}

bool memoizes(Transaction& tx) {
  return tx.backend() == Backend::Sqlite;
}

// forget drops an item from the transaction's memo once its row changes.
void forget(Transaction& tx, std::int64_t id) {
  if (std::shared_ptr<void>* kept = tx.memo(memoKey(id)))
    kept->reset();
}

std::optional<Item> selectOne(SqlSession& session, std::int64_t id) {
  return kItemRows.one(session, "WHERE id = $1", {id});
}

}  // namespace

// Movement is the text of one stock move, for each backend: $1 the amount, $2 the time,
// $3 the item's id. Built once per move, not per call.
// onHandPer and reservedPer say what set does to each column per unit of the amount.
struct ItemRepository::Movement {
  Movement(const char* set, const char* guard, int onHandPer, int reservedPer)
      : update(std::string("UPDATE inventory_items SET ") + set +
               ", updated_at = $2 WHERE id = $3 AND " + guard),
        updateReturning(update + " RETURNING " + kItemRows.list()),
        onHandPer(onHandPer),
        reservedPer(reservedPer) {}
  const std::string update;           // SQLite: the row is worked out or read back after it
  const std::string updateReturning;  // PostgreSQL
  const int onHandPer;
  const int reservedPer;
};

std::optional<Item> ItemRepository::find(std::int64_t id) {
  DbSession session = db_.session();
  return selectOne(*session, id);
}

std::optional<Item> ItemRepository::find(Transaction& tx, std::int64_t id) {
  return selectOne(tx, id);
}

std::vector<Item> ItemRepository::findMany(Transaction& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Item> items;
  for (std::int64_t id : ids) {
    if (auto item = selectOne(tx, id)) {
      if (std::shared_ptr<void>* kept = memoizes(tx) ? tx.memo(memoKey(id)) : nullptr)
        *kept = std::make_shared<Item>(*item);
      items.push_back(*item);
    }
  }
  return items;
}

Listing<Item> ItemRepository::list(const std::string& status, const std::string& search,
                                   const Page& page) {
  DbSession session = db_.session();
  const std::string pattern = containsPattern(search);
  return page.read(*session, kItemRows,
                   {.where = "(LOWER(name) LIKE LOWER($1) ESCAPE '\\' OR LOWER(COALESCE(sku, '')) "
                             "LIKE LOWER($1) ESCAPE '\\')" +
                             statusCondition(status),
                    .values = {pattern}});
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
        cache_.invalidateWith(tx);
        forget(tx, item.id);
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

void ItemRepository::insert(Transaction& tx, Item& item) {
  cache_.invalidateWith(tx);
  item.createdAt = item.updatedAt = nowRfc3339();
  item.id = tx.insert(
      "INSERT INTO inventory_items (sku, name, price_minor, on_hand, reserved, warn_limit, "
      "created_at, updated_at, name_key, sku_key) VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9)",
      {nullIfEmpty(item.sku), item.name, item.priceMinor, item.onHand, item.warnLimit,
       item.createdAt, item.updatedAt, itemKey(item.name), nullIfEmpty(itemKey(item.sku))});
  item.reserved = 0;
}

bool ItemRepository::update(Transaction& tx, Item& item) {
  cache_.invalidateWith(tx);
  forget(tx, item.id);
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
  cache_.invalidateWith(tx);
  forget(tx, id);
  return tx.run("DELETE FROM inventory_items WHERE id = $1 AND reserved = 0", {id}) == 1;
}

std::optional<Item> ItemRepository::move(Transaction& tx, const Movement& movement, std::int64_t id,
                                         std::int64_t amount) {
  cache_.invalidateWith(tx);
  const std::string at = nowRfc3339();
  std::optional<Item> moved;
  if (tx.backend() == Backend::Postgresql) {
    tx.run(movement.updateReturning, {amount, at, id},
           [&](const SqlRow& row) { moved = kItemRows.read(row); });
    return moved;
  }
  // SQLite's RETURNING builds a temporary table on every run: the row after the move is
  // worked out from the kept one, or read back in the same write transaction (which no other
  // writer can enter).
  if (tx.run(movement.update, {amount, at, id}) == 0)
    return std::nullopt;
  std::shared_ptr<void>* kept = tx.memo(memoKey(id));
  if (kept && *kept) {
    moved = *std::static_pointer_cast<Item>(*kept);
    moved->onHand += movement.onHandPer * amount;
    moved->reserved += movement.reservedPer * amount;
    moved->updatedAt = at;
  } else {
    moved = selectOne(tx, id);
  }
  if (kept && moved)
    *kept = std::make_shared<Item>(*moved);
  return moved;
}

std::optional<Item> ItemRepository::adjust(Transaction& tx, std::int64_t id, std::int64_t delta) {
  static const Movement movement("on_hand = on_hand + $1", "on_hand + $1 >= reserved", 1, 0);
  return move(tx, movement, id, delta);
}

std::optional<Item> ItemRepository::reserve(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("reserved = reserved + $1", "on_hand - reserved >= $1", 0, 1);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::take(Transaction& tx, std::int64_t id, std::int64_t quantity) {
  static const Movement movement("on_hand = on_hand - $1, reserved = reserved - $1",
                                 "reserved >= $1", -1, -1);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::release(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("reserved = reserved - $1", "reserved >= $1", 0, -1);
  return move(tx, movement, id, quantity);
}

std::optional<Item> ItemRepository::restore(Transaction& tx, std::int64_t id,
                                            std::int64_t quantity) {
  static const Movement movement("on_hand = on_hand + $1", "$1 >= 0", 1, 0);
  return move(tx, movement, id, quantity);
}

}  // namespace duka::inventory
