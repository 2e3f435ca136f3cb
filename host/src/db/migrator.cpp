#include "db/migrator.hpp"

#include <Poco/Exception.h>

#include <map>
#include <set>
#include <stdexcept>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::host {

namespace {

// kMigrationLock is the PostgreSQL advisory lock id that serialises instances migrating
// the same database at once.
constexpr long long kMigrationLock = 0x64756b61;  // "duka"

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
    Poco::Data::Session& session = tx.session();
    if (backend == Backend::Postgresql) {
      Poco::Int64 locked = 0;
      session << "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(" +
                     std::to_string(kMigrationLock) + ")) AS l",
          into(locked), now;
    }
    session << "CREATE TABLE IF NOT EXISTS duka_migrations ("
               " plugin TEXT NOT NULL,"
               " version INTEGER NOT NULL,"
               " description TEXT NOT NULL,"
               " applied_at TEXT NOT NULL,"
               " PRIMARY KEY (plugin, version))",
        now;

    std::vector<std::string> donePlugins;
    std::vector<int> doneVersions;
    session << "SELECT plugin, version FROM duka_migrations", into(donePlugins), into(doneVersions),
        now;
    std::set<std::pair<std::string, int>> done;
    for (std::size_t i = 0; i < donePlugins.size(); ++i)
      done.emplace(donePlugins[i], doneVersions[i]);

    for (const auto& plugin : plugins) {
      for (const auto& migration : plugin.migrations) {
        if (done.count({plugin.plugin, migration.version}))
          continue;
        const auto& statements = backend == Backend::Postgresql && !migration.postgresql.empty()
                                     ? migration.postgresql
                                     : migration.statements;
        try {
          for (const auto& statement : statements)
            session << sqlFor(backend, statement), now;
        } catch (const Poco::Exception& e) {
          throw std::runtime_error("plugin '" + plugin.plugin + "': migration " +
                                   std::to_string(migration.version) + " (" +
                                   migration.description + ") failed: " + e.displayText());
        }
        std::string name = plugin.plugin;
        int version = migration.version;
        std::string description = migration.description;
        std::string at = nowRfc3339();
        session << "INSERT INTO duka_migrations (plugin, version, description, applied_at)"
                   " VALUES ($1, $2, $3, $4)",
            use(name), use(version), use(description), use(at), now;
        applied.push_back({plugin.plugin, migration.version, migration.description});
      }
    }
  });
  return applied;
}

}  // namespace duka::host
