// SQLite table rebuilds for migrations (duka/facility/table_rebuild.hpp).
#include "duka/facility/table_rebuild.hpp"

namespace duka {

std::vector<std::string> rebuildTables(const std::vector<TableRebuild>& tables,
                                       const std::vector<std::string>& after) {
  std::vector<std::string> statements;
  for (const auto& table : tables)
    statements.push_back("ALTER TABLE " + table.name + " RENAME TO " + table.name + "_old");
  // Created and refilled in reverse: a table another one refers to exists before it.
  for (auto table = tables.rbegin(); table != tables.rend(); ++table) {
    statements.push_back(table->create);
    statements.push_back("INSERT INTO " + table->name + " (" + table->columns + ") SELECT " +
                         table->columns + " FROM " + table->name + "_old");
  }
  for (const auto& table : tables)
    statements.push_back("DROP TABLE " + table.name + "_old");
  statements.insert(statements.end(), after.begin(), after.end());
  return statements;
}

}  // namespace duka
