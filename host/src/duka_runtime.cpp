#include "duka_runtime.hpp"

#include "db/database_metrics.hpp"
#include "db/host_migrations.hpp"
#include "db/migrator.hpp"
#include "http/api/api_docs.hpp"
#include "http/api/builtin_routes.hpp"
#include "http/metrics/process_metrics.hpp"

namespace duka::host {

DukaRuntime::DukaRuntime(const DatabaseConfig& database, std::chrono::seconds leaseWait,
                         std::vector<LoadedPlugin> plugins, Poco::Logger& log)
    : db_(SqlDatabase::open(database, events_, leaseWait)), host_(std::move(plugins)) {
  std::vector<PluginMigrations> migrations{{kHostMigrationsName, hostMigrations()}};
  for (const auto& plugin : host_.plugins())
    migrations.push_back({plugin.info.name, plugin.plugin->migrations()});
  try {
    for (const auto& step : Migrator(*db_).apply(migrations)) {
      log.information("applied migration %s %d: %s", step.plugin, step.version, step.description);
    }
  } catch (...) {
    host_.release();
    db_->close();
    throw;
  }
}

void DukaRuntime::start(const std::vector<IniSection>& settings,
                        const std::vector<std::string>& metricsAllow) {
  std::vector<AddressRange> metricsReaders;
  for (const auto& range : metricsAllow) {
    if (auto parsed = AddressRange::parse(range))
      metricsReaders.push_back(*parsed);
  }
  registerBuiltinRoutes(
      routes_, metrics_,
      {[this] { return db_->ping(); }, [this]() -> const PluginHost* { return &host_; },
       std::move(metricsReaders)});
  registerApiDocs(routes_, dataDir() + "/api-docs");
  addDatabaseGauges(metrics_, *db_);
  metrics_.addSection(appendProcessMetrics);
  metrics_.addSection(appendBuildInfo);
  started_ = true;
  host_.startAll(settings, HostRegistries{routes_, events_, services_, metrics_, *db_});
  events_.start();
}

DukaRuntime::~DukaRuntime() {
  if (started_) {
    events_.stop();
    host_.stopAll();
  }
  routes_.clear();
  metrics_.clear();
  events_.clear();
  services_.clear();
  host_.release();
  db_->close();
}

}  // namespace duka::host
