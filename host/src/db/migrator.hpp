// Migrator: applies the plugins' pending migrations, recorded per plugin in
// duka_migrations, all in one transaction: a failing step changes nothing.
#pragma once

#include <string>
#include <vector>

#include "db/sql_database.hpp"

namespace duka::host {

struct PluginMigrations {
  std::string plugin;
  std::vector<Migration> migrations;
};

struct AppliedMigration {
  std::string plugin;
  int version;
  std::string description;
};

class Migrator {
 public:
  explicit Migrator(SqlDatabase& db) : db_(db) {}

  // check validates the declared steps (versions positive and strictly ascending, not
  // empty); it throws std::runtime_error naming the plugin and version.
  static void check(const PluginMigrations& plugin);
  // apply runs every pending step of every plugin, in the order given, in one transaction,
  // and returns what it applied. A failing step throws naming plugin, version and cause.
  std::vector<AppliedMigration> apply(const std::vector<PluginMigrations>& plugins);

 private:
  SqlDatabase& db_;
};

}  // namespace duka::host
