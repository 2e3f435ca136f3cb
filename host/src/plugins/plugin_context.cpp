#include "plugins/plugin_context.hpp"

namespace duka::host {

PluginContextImpl::PluginContextImpl(const PluginInfo& plugin, std::vector<std::string> uses,
                                     std::shared_ptr<void> owner, IniSection section,
                                     HostRegistries registries)
    : plugin_(plugin.name),
      seeker_{plugin.name, std::move(uses)},
      owner_(std::move(owner)),
      section_(std::move(section)),
      registries_(registries),
      log_(Poco::Logger::get("plugin." + plugin_)),
      tasks_(plugin_, owner_, log_) {}

void PluginContextImpl::every(std::chrono::milliseconds period, std::string name,
                              std::function<void(std::stop_token)> task) {
  tasks_.add(period, std::move(name), std::move(task));
}

Outbox& PluginContextImpl::outbox(OutboxSpec spec, std::shared_ptr<OutboxCourier> courier) {
  if (!courier)
    throw std::invalid_argument("outbox '" + spec.name + "': no courier");
  auto& runner = outboxes_.emplace_back(std::make_unique<OutboxRunner>(
      registries_.db, std::move(spec), std::move(courier), metrics(), log_));
  if (tasksStarted_)
    runner->start();
  return *runner;
}

void PluginContextImpl::startTasks() {
  tasksStarted_ = true;
  tasks_.start();
  for (auto& runner : outboxes_)
    runner->start();
}

void PluginContextImpl::stopTasks() {
  tasks_.stop();
  for (auto& runner : outboxes_)
    runner->stop();
}

void PluginContextImpl::add(RouteSpec route) {
  registries_.routes.add(std::move(route), plugin_, owner_);
}

void PluginContextImpl::subscribe(const std::string& pattern, InTransactionHandler handler) {
  registries_.events.subscribe(pattern, std::move(handler), owner_);
}

void PluginContextImpl::subscribeAfterCommit(const std::string& pattern,
                                             AfterCommitHandler handler) {
  registries_.events.subscribeAfterCommit(pattern, std::move(handler), owner_);
}

std::vector<std::string> PluginContextImpl::names(const std::string& prefix) const {
  return registries_.services.names(prefix);
}

void PluginContextImpl::provideErased(const std::string& name, const char* type,
                                      std::shared_ptr<void> service) {
  // The stored pointer holds the library too: whoever holds the service keeps its code.
  std::shared_ptr<void> kept(service.get(), [service, owner = owner_](void*) mutable {
    service.reset();
    owner.reset();
  });
  registries_.services.add(name, type, std::move(kept), plugin_);
}

std::shared_ptr<void> PluginContextImpl::findErased(const std::string& name,
                                                    const char* type) const {
  return registries_.services.find(name, type, &seeker_);
}

void PluginContextImpl::gauge(const std::string& name, const std::string& help,
                              std::function<double()> sample) {
  registries_.metrics.addGauge(name, help, std::move(sample), owner_, registries_.generation);
}

std::atomic<std::uint64_t>& PluginContextImpl::counter(const std::string& name,
                                                       const std::string& help,
                                                       const NameValues& labels) {
  return registries_.metrics.counter(name, help, labels);
}

Histogram& PluginContextImpl::histogram(const std::string& name, const std::string& help,
                                        const std::vector<double>& bounds) {
  return registries_.metrics.histogram(name, help, bounds);
}

}  // namespace duka::host
