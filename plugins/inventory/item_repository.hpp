// ItemRepository: the inventory_items table, and the conditional updates that move stock
// (each a single statement, so concurrent writers can never push a count below zero).
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/facility/recent_reads.hpp>
#include <duka/http.hpp>
#include <duka/plugins/inventory/item.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::inventory {

// itemKey is text folded for comparing names and skus ignoring case (Unicode lower case).
std::string itemKey(const std::string& text);

// ListPage is a page of GET /api/inventory/ as served: only its results, since the
// envelope's links depend on how the client addressed us.
struct ListPage {
  std::int64_t count = 0;
  std::string resultsJson;  // the "results" array, serialised
};

// ItemPages are the recent reads inventory keeps: the list route's pages, and the shelf's
// (InventoryShelf::inStock, read by the ussd plugin on most of its screens).
struct ItemPages {
  RecentReads<ListPage> lists;
  RecentReads<std::vector<Item>> shelf;
};

class ItemRepository {
 public:
  // Every write through the repository invalidates the list pages; the shelf's only when it
  // changes what they show (an item's name or price, or whether it is available).
  ItemRepository(Database& db, ItemPages& pages) : db_(db), pages_(pages) {}

  std::optional<Item> find(std::int64_t id);
  std::optional<Item> find(Transaction& tx, std::int64_t id);
  std::vector<Item> findMany(Transaction& tx, const std::vector<std::int64_t>& ids);
  std::optional<Item> find(SqlSession& session, std::int64_t id);
  // inStock: up to limit items with stock available or changed since `since`, by name
  // ignoring case, after offset (InventoryShelf). Outside a transaction a page read in the
  // last second may answer: its names, prices and which items are available are those of
  // this process's last commit, but on_hand and reserved may be older.
  std::vector<Item> inStock(SqlSession& session, std::int64_t offset, std::int64_t limit,
                            const std::string& since);
  // list filters by status ("" for any) and by search in name or sku (any case).
  Listing<Item> list(const std::string& status, const std::string& search, const Page& page);

  // taken names the fields another item holds already, ignoring case: "name", "sku".
  FieldErrors taken(SqlSession& session, const Item& item);
  // rekey stores each row's keys as itemKey folds them, once at start (a migration filled
  // them with SQL's LOWER); it returns the items whose keys then clash, one line each.
  std::vector<std::string> rekey();
  void insert(Transaction& tx, Item& item);
  // update writes name, sku, price, on_hand and warn_limit; false when on_hand would drop
  // below what is reserved (the row is then unchanged).
  bool update(Transaction& tx, Item& item);
  // remove deletes an item with nothing reserved; false otherwise.
  bool remove(Transaction& tx, std::int64_t id);

  // The stock moves: each returns the item after the move, or nothing when the move
  // would break on_hand >= reserved >= 0 (nothing is changed then).
  std::optional<Item> adjust(Transaction& tx, std::int64_t id, std::int64_t delta);
  std::optional<Item> reserve(Transaction& tx, std::int64_t id, std::int64_t quantity);
  std::optional<Item> take(Transaction& tx, std::int64_t id, std::int64_t quantity);
  std::optional<Item> release(Transaction& tx, std::int64_t id, std::int64_t quantity);
  std::optional<Item> restore(Transaction& tx, std::int64_t id, std::int64_t quantity);

 private:
  struct Movement;
  std::optional<Item> move(Transaction& tx, const Movement& movement, std::int64_t id,
                           std::int64_t amount);
  // invalidateWith drops the pages whose items tx changes.
  void invalidateWith(Transaction& tx);
  Database& db_;
  ItemPages& pages_;
};

}  // namespace duka::inventory
