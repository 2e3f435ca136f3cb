// PluginContextImpl: one plugin's view of the host. Every route, subscription, service
// and gauge it registers carries the plugin's library handle (the keep-alive).
#pragma once

#include <memory>
#include <string>

#include "db/host_database.hpp"
#include "duka/plugin.hpp"
#include "events/event_subscribers.hpp"
#include "http/dispatch/route_table.hpp"
#include "http/metrics/metrics_registry.hpp"
#include "outbox/outbox_runner.hpp"
#include "plugins/background_tasks.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

// HostRegistries are the tables of one generation that its plugin contexts write into,
// and the database they reach through it.
struct HostRegistries {
  RouteTable& routes;
  EventSubscribers& events;
  ServiceDirectory& services;
  MetricsRegistry& metrics;
  HostDatabase& db;
  std::uint64_t generation = 0;  // the generation the gauges belong to
};

// Metrics and HistogramRegistry are public bases: histogram() finds the one from the other.
class PluginContextImpl : public PluginContext,
                          Router,
                          EventBus,
                          ServiceRegistry,
                          public Metrics,
                          public HistogramRegistry {
 public:
  // The plugin's requires (and enabled optional plugins) decide which services it may look
  // up (ServiceDirectory::find).
  // uses: the plugins it requires and the enabled ones it uses optionally (its lookups).
  PluginContextImpl(const PluginInfo& plugin, std::vector<std::string> uses,
                    std::shared_ptr<void> owner, IniSection section, HostRegistries registries);

  Router& routes() override { return *this; }
  EventBus& events() override { return *this; }
  Database& db() override { return registries_.db; }
  ServiceRegistry& services() override { return *this; }
  Metrics& metrics() override { return *this; }
  const IniSection& section() const override { return section_; }
  Poco::Logger& log() override { return log_; }
  void every(std::chrono::milliseconds period, std::string name,
             std::function<void(std::stop_token)> task) override;
  Outbox& outbox(OutboxSpec spec, std::shared_ptr<OutboxCourier> courier) override;

  // The host's side of every() and outbox(): begin once all plugins started, end before
  // stop().
  void startTasks();
  void stopTasks();

 private:
  // Router
  void add(RouteSpec route) override;
  // EventBus
  void subscribe(const std::string& pattern, InTransactionHandler handler) override;
  void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler) override;
  // ServiceRegistry
  std::vector<std::string> names(const std::string& prefix) const override;
  void provideErased(const std::string& name, const char* type,
                     std::shared_ptr<void> service) override;
  std::shared_ptr<void> findErased(const std::string& name, const char* type) const override;
  // Metrics
  void gauge(const std::string& name, const std::string& help,
             std::function<double()> sample) override;
  std::atomic<std::uint64_t>& counter(const std::string& name, const std::string& help,
                                      const NameValues& labels) override;
  // HistogramRegistry
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds) override;

  std::string plugin_;
  ServiceDirectory::Seeker seeker_;
  std::shared_ptr<void> owner_;
  IniSection section_;
  HostRegistries registries_;
  Poco::Logger& log_;
  BackgroundTasks tasks_;
  std::vector<std::unique_ptr<OutboxRunner>> outboxes_;  // after owner_: destroyed first
  bool tasksStarted_ = false;
};

}  // namespace duka::host
