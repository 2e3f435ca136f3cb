// DukaRuntime: duka started: the database open and migrated, the after-commit thread, the
// metrics, and the generations of plugins serving from it (one at a time; a reload builds
// the next). Serving, `--add-user` and `--check` each start one.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "config/host_config.hpp"
#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "generations/generation_switch.hpp"
#include "http/metrics/metrics_registry.hpp"

namespace duka::host {

class DukaRuntime {
 public:
  // DukaRuntime opens the database and applies every pending migration of the host and of
  // plugins (logged).
  DukaRuntime(const DatabaseConfig& database, std::chrono::seconds leaseWait,
              std::vector<LoadedPlugin> plugins, Poco::Logger& log);
  // ~DukaRuntime undoes the start in reverse: the generations (their plugins, then what
  // they registered, then their libraries), then the database.
  ~DukaRuntime();
  DukaRuntime(const DukaRuntime&) = delete;
  DukaRuntime& operator=(const DukaRuntime&) = delete;

  // start registers the host's gauges and starts generation 1 from the plugins given to the
  // constructor; announceStarted tells its plugins all have started (extension points
  // resolve) and starts their background work.
  void start(const HostConfig& config, const std::vector<IniSection>& settings);
  void announceStarted();
  // reload applies the pending migrations of plugins, builds the next generation from them
  // and config, announces it started, and makes it current; the replaced one retires once
  // its requests are answered. A failure throws and changes nothing.
  void reload(const HostConfig& config, std::vector<LoadedPlugin> plugins,
              const std::vector<IniSection>& settings);

  SqlDatabase& db() { return *db_; }
  MetricsRegistry& metrics() { return metrics_; }
  GenerationSwitch& generations() { return generations_; }
  // generation is the one in force (services, plugins, config).
  std::shared_ptr<Generation> generation() const { return generations_.generation(); }

 private:
  void migrate(const std::vector<LoadedPlugin>& plugins);

  Poco::Logger& log_;
  EventDispatcher events_;
  std::unique_ptr<SqlDatabase> db_;
  MetricsRegistry metrics_;
  std::vector<LoadedPlugin> firstPlugins_;  // given to the constructor, started by start()
  std::uint64_t lastNumber_ = 0;
  GenerationSwitch generations_;
};

}  // namespace duka::host
