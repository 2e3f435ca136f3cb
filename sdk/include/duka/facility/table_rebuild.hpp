// duka/facility/table_rebuild.hpp: the SQLite way to change a table's columns or
// constraints in a migration (SQLite's ALTER TABLE cannot), written once.
#pragma once

#include <string>
#include <vector>

namespace duka {

// rebuildTables is how SQLite changes a table: each of tables is renamed (in the order
// given: a table whose foreign key refers to a later one first), created anew from `create`,
// refilled with its `columns`, and the old one dropped; then `after` (indexes, triggers).
struct TableRebuild {
  std::string name, create, columns;
};
std::vector<std::string> rebuildTables(const std::vector<TableRebuild>& tables,
                                       const std::vector<std::string>& after = {});

}  // namespace duka
