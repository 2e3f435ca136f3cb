// The inventory plugin: items with prices and stock counts, the stock moves that orders
// cause (in the orders' own transactions), and the low-stock events.
#include <duka/plugins/inventory/inventory_catalog.hpp>
#include <duka/plugins/inventory/inventory_shelf.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "inventory_migrations.hpp"
#include "item_repository.hpp"
#include "item_routes.hpp"
#include "stock_ledger.hpp"

namespace duka::inventory {

namespace {

class Catalog : public InventoryCatalog {
 public:
  explicit Catalog(ItemRepository& items) : items_(items) {}
  std::map<std::int64_t, Item> items(Transaction& tx,
                                     const std::vector<std::int64_t>& ids) const override {
    std::map<std::int64_t, Item> found;
    for (auto& item : items_.findMany(tx, ids))
      found.emplace(item.id, std::move(item));
    return found;
  }

 private:
  ItemRepository& items_;
};

class Shelf : public InventoryShelf {
 public:
  explicit Shelf(ItemRepository& items) : items_(items) {}
  std::vector<Item> inStock(SqlSession& session, std::int64_t offset, std::int64_t limit,
                            const std::string& since) const override {
    return items_.inStock(session, offset, limit, since);
  }
  std::optional<Item> one(SqlSession& session, std::int64_t id) const override {
    return items_.find(session, id);
  }

 private:
  ItemRepository& items_;
};

}  // namespace

class InventoryPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "inventory",
            .version = "1.0.0",
            .description = "Items, prices and stock, reserved and taken by orders",
            .requiredPlugins = {}};
  }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    items_ = std::make_unique<ItemRepository>(context.db(), pages_);
    const std::vector<std::string> clashes = items_->rekey();
    if (!clashes.empty()) {
      std::string list;
      for (const auto& clash : clashes)
        list += (list.empty() ? "" : "; ") + clash;
      throw std::runtime_error("item names and skus must be unique ignoring case: " + list +
                               ". Rename them in the database, then start again.");
    }
    routes_ = std::make_unique<ItemRoutes>(context.db(), *items_, pages_.lists);
    ledger_ = std::make_unique<StockLedger>(*items_);
    routes_->addTo(context.routes());
    ledger_->subscribeTo(context.events());
    context.services().provide<InventoryCatalog>(kInventoryCatalogService,
                                                 std::make_shared<Catalog>(*items_));
    context.services().provide<InventoryShelf>(kInventoryShelfService,
                                               std::make_shared<Shelf>(*items_));
  }

 private:
  ItemPages pages_;
  std::unique_ptr<ItemRepository> items_;
  std::unique_ptr<ItemRoutes> routes_;
  std::unique_ptr<StockLedger> ledger_;
};

}  // namespace duka::inventory

DUKA_PLUGIN(duka::inventory::InventoryPlugin)
