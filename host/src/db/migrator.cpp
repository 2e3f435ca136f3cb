#include "db/migrator.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include "host_api.hpp"

namespace duka::host {

namespace {

// kMigrationLock is the PostgreSQL advisory lock id that serialises instances migrating
// the same database at once.
constexpr std::int64_t kMigrationLock = 0x64756b61;  // "duka"

}  // namespace

void Migrator::check(const PluginMigrations& plugin) {
  int previous = 0;
  for (const auto& migration : plugin.migrations) {
    if (migration.version <= previous) {
      throw std::runtime_error("plugin '" + plugin.plugin + "': migration " +
                               std::to_string(migration.version) +
                               " is out of order (versions must start at 1 and ascend)");
    }
    if (migration.statements.empty() && migration.postgresql.empty()) {
      throw std::runtime_error("plugin '" + plugin.plugin + "': migration " +
                               std::to_string(migration.version) + " has no statements");
    }
    previous = migration.version;
  }
}

std::vector<AppliedMigration> Migrator::apply(const std::vector<PluginMigrations>& plugins) {
  for (const auto& plugin : plugins)
    check(plugin);
  std::vector<AppliedMigration> applied;
  const Backend backend = db_.backend();

  db_.write(EventContext::system("migrate"), [&](Transaction& tx) {
    // Several instances starting at once take turns (SQLite's writers already do).
    if (backend == Backend::Postgresql)
      tx.run("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
    tx.run(
        "CREATE TABLE IF NOT EXISTS duka_migrations ("
        " plugin TEXT NOT NULL,"
        " version INTEGER NOT NULL,"
        " description TEXT NOT NULL,"
        " applied_at TEXT NOT NULL,"
        " PRIMARY KEY (plugin, version))");
    std::set<std::pair<std::string, int>> done;
    tx.run("SELECT plugin, version FROM duka_migrations", {},
           [&](const SqlRow& row) { done.emplace(row.text(0), static_cast<int>(row.integer(1))); });

    for (const auto& plugin : plugins) {
      for (const auto& migration : plugin.migrations) {
        if (done.count({plugin.plugin, migration.version}))
          continue;
        const auto& statements = backend == Backend::Postgresql && !migration.postgresql.empty()
                                     ? migration.postgresql
                                     : migration.statements;
        const std::string step = "plugin '" + plugin.plugin + "': migration " +
                                 std::to_string(migration.version) + " (" + migration.description +
                                 ")";
        if (!migration.violations.empty()) {
          std::string found;
          tx.run(sqlFor(backend, migration.violations), {},
                 [&](const SqlRow& row) { found += (found.empty() ? "" : "; ") + row.text(0); });
          if (!found.empty())
            throw std::runtime_error(step + " cannot run until these are fixed: " + found);
        }
        try {
          // Each statement's count is read, so that its failure is this step's.
          for (const auto& statement : statements)
            static_cast<void>(static_cast<std::size_t>(tx.run(sqlFor(backend, statement))));
        } catch (const std::exception& e) {
          throw std::runtime_error(step + " failed: " + e.what());
        }
        const std::string at = nowRfc3339();
        tx.run(
            "INSERT INTO duka_migrations (plugin, version, description, applied_at)"
            " VALUES ($1, $2, $3, $4)",
            {plugin.plugin, std::int64_t{migration.version}, migration.description, at});
        applied.push_back({plugin.plugin, migration.version, migration.description});
      }
    }
  });
  return applied;
}

}  // namespace duka::host
