// Generation: one configuration in force: the INI file as read, a fresh instance of each
// enabled plugin started from it, and everything they registered (routes, subscriptions,
// services, gauges). duka serves one generation at a time; a reload builds the next beside
// it, and the replaced one retires once its last request is answered
// (docs/design/live-reload.md).
#pragma once

#include <Poco/Logger.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "config/host_config.hpp"
#include "db/sql_database.hpp"
#include "events/event_subscribers.hpp"
#include "generations/generation_database.hpp"
#include "http/dispatch/route_table.hpp"
#include "http/dispatch/serving_state.hpp"
#include "http/metrics/metrics_registry.hpp"
#include "plugins/plugin_host.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

class Generation {
 public:
  // Generation registers the host's routes and starts the plugins (start() in dependency
  // order) against the generation's own tables. A plugin that fails to start stops those
  // started before it, and PluginError names it; nothing of the generation stays behind.
  Generation(std::uint64_t number, HostConfig config, std::vector<LoadedPlugin> plugins,
             const std::vector<IniSection>& settings, SqlDatabase& db, MetricsRegistry& metrics);
  // ~Generation retires it if that has not happened yet.
  ~Generation();
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  // announceStarted runs each plugin's started(), then starts their background work.
  void announceStarted();
  // retire stops the generation: its background work; then, once the after-commit queue
  // holds none of its events, its plugins in reverse order; then it drops what they
  // registered. Called once no request uses it.
  void retire();

  std::uint64_t number() const { return number_; }
  const HostConfig& config() const { return config_; }
  const ServingState& serving() const { return *serving_; }
  ServiceDirectory& services() { return services_; }
  const PluginHost& plugins() const { return plugins_; }

 private:
  std::uint64_t number_;
  HostConfig config_;
  MetricsRegistry& metrics_;
  Poco::Logger& log_;
  std::shared_ptr<EventSubscribers> subscribers_ = std::make_shared<EventSubscribers>();
  GenerationDatabase db_;
  RouteTable routes_;
  ServiceDirectory services_;
  PluginHost plugins_;
  std::optional<ServingState> serving_;
  bool retired_ = false;
};

}  // namespace duka::host
