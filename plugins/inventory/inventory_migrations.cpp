#include "inventory_migrations.hpp"

namespace duka::inventory {

std::vector<Migration> schema() {
  return {{.version = 1,
           .description = "items",
           .statements = {"CREATE TABLE inventory_items ("
                          " id {{id}},"
                          " sku TEXT UNIQUE,"
                          " name TEXT NOT NULL,"
                          " price_minor BIGINT NOT NULL CHECK (price_minor >= 0),"
                          " on_hand BIGINT NOT NULL,"
                          " reserved BIGINT NOT NULL DEFAULT 0,"
                          " warn_limit BIGINT NOT NULL DEFAULT 5 CHECK (warn_limit >= 0),"
                          " created_at TEXT NOT NULL,"
                          " updated_at TEXT NOT NULL,"
                          // The database itself refuses a count that would go wrong.
                          " CHECK (reserved >= 0 AND on_hand >= reserved))"},
           .postgresql = {}},
          // SPEC 6: name and sku are unique ignoring case. The keys are the texts folded
          // (itemKey); LOWER fills them here, and the plugin's start re-keys the rows where
          // LOWER folds differently (SQLite's folds ASCII only). Duplicates stop the step.
          {.version = 2,
           .description = "item names and skus unique ignoring case",
           .statements = {"ALTER TABLE inventory_items ADD COLUMN name_key TEXT",
                          "ALTER TABLE inventory_items ADD COLUMN sku_key TEXT",
                          "UPDATE inventory_items SET name_key = LOWER(name), sku_key = LOWER(sku)",
                          "CREATE UNIQUE INDEX inventory_items_name_folded ON inventory_items "
                          "(name_key)",
                          "CREATE UNIQUE INDEX inventory_items_sku_folded ON inventory_items "
                          "(sku_key)"},
           .postgresql = {},
           .violations = "SELECT 'items ' || b.id || ' and ' || a.id || ' share the name \"' || "
                         "a.name || '\" (ignoring case): rename one' FROM inventory_items a "
                         "JOIN inventory_items b ON LOWER(a.name) = LOWER(b.name) AND b.id < a.id "
                         "UNION ALL "
                         "SELECT 'items ' || b.id || ' and ' || a.id || ' share the sku \"' || "
                         "a.sku || '\" (ignoring case): change one' FROM inventory_items a "
                         "JOIN inventory_items b ON LOWER(a.sku) = LOWER(b.sku) AND b.id < a.id "
                         "ORDER BY 1"}};
}

}  // namespace duka::inventory
