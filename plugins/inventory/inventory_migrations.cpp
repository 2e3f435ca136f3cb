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
           .postgresql = {}}};
}

}  // namespace duka::inventory
