#include "duka_runtime.hpp"

#include "db/database_metrics.hpp"
#include "db/host_migrations.hpp"
#include "db/migrator.hpp"
#include "http/metrics/process_metrics.hpp"

namespace duka::host {

DukaRuntime::DukaRuntime(const DatabaseConfig& database, std::chrono::seconds leaseWait,
                         std::vector<LoadedPlugin> plugins, Poco::Logger& log)
    : log_(log),
      db_(SqlDatabase::open(database, events_, leaseWait)),
      firstPlugins_(std::move(plugins)) {
  try {
    migrate(firstPlugins_);
  } catch (...) {
    firstPlugins_.clear();
    db_->close();
    throw;
  }
}

void DukaRuntime::migrate(const std::vector<LoadedPlugin>& plugins) {
  std::vector<PluginMigrations> migrations{{kHostMigrationsName, hostMigrations()}};
  for (const auto& plugin : plugins)
    migrations.push_back({plugin.info.name, plugin.plugin->migrations()});
  for (const auto& step : Migrator(*db_).apply(migrations))
    log_.information("applied migration %s %d: %s", step.plugin, step.version, step.description);
}

void DukaRuntime::start(const HostConfig& config, const std::vector<IniSection>& settings) {
  addDatabaseGauges(metrics_, *db_);
  metrics_.addSection(appendProcessMetrics);
  metrics_.addSection(appendBuildInfo);
  events_.start();
  generations_.install(std::make_unique<Generation>(++lastNumber_, config, std::move(firstPlugins_),
                                                    settings, *db_, metrics_));
}

void DukaRuntime::announceStarted() {
  generations_.generation()->announceStarted();
}

void DukaRuntime::reload(const HostConfig& config, std::vector<LoadedPlugin> plugins,
                         const std::vector<IniSection>& settings) {
  migrate(plugins);
  auto next = std::make_unique<Generation>(lastNumber_ + 1, config, std::move(plugins), settings,
                                           *db_, metrics_);
  next->announceStarted();
  ++lastNumber_;
  generations_.install(std::move(next));
}

DukaRuntime::~DukaRuntime() {
  generations_.retireAll();
  events_.stop();
  metrics_.clear();
  firstPlugins_.clear();
  db_->close();
}

}  // namespace duka::host
