// DukaRuntime: duka started: the database open and migrated, the registries, and the
// plugins started against them. Serving, `--add-user` and `--check` each start one.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <memory>
#include <vector>

#include "config/host_config.hpp"
#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "http/dispatch/route_table.hpp"
#include "http/metrics/metrics_registry.hpp"
#include "plugins/plugin_host.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

class DukaRuntime {
 public:
  // DukaRuntime opens the database and applies every pending migration (logged).
  DukaRuntime(const DatabaseConfig& database, std::chrono::seconds leaseWait,
              std::vector<LoadedPlugin> plugins, Poco::Logger& log);
  // ~DukaRuntime undoes the start in reverse: plugins, then what they registered, then
  // their libraries, then the database.
  ~DukaRuntime();
  DukaRuntime(const DukaRuntime&) = delete;
  DukaRuntime& operator=(const DukaRuntime&) = delete;

  // start registers the host's routes and gauges and starts the plugins, then the event
  // thread; announceStarted tells them all have started (extension points resolve).
  // metricsAllow: the CIDRs that may read /metrics (empty: everyone).
  void start(const std::vector<IniSection>& settings,
             const std::vector<std::string>& metricsAllow = {});
  void announceStarted() { host_.announceStarted(); }

  SqlDatabase& db() { return *db_; }
  RouteTable& routes() { return routes_; }
  MetricsRegistry& metrics() { return metrics_; }
  ServiceDirectory& services() { return services_; }
  const PluginHost& plugins() const { return host_; }

 private:
  EventDispatcher events_;
  std::unique_ptr<SqlDatabase> db_;
  RouteTable routes_;
  MetricsRegistry metrics_;
  ServiceDirectory services_;
  PluginHost host_;
  bool started_ = false;
};

}  // namespace duka::host
