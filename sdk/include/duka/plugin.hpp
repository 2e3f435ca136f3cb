// duka/plugin.hpp: the plugin interface, its lifecycle, what the host hands it (PluginContext)
// and the DUKA_PLUGIN export macro.
//
// Lifecycle, as the host runs it:
//   1. load, check  lib<name>.so from [plugins] dir; another SDK ABI version is refused;
//   2. create       the factory, then info(): a unique name ([a-z0-9_-]+), a semver version;
//   3. order        by `requires`; an unknown or cyclic dependency is refused;
//   4. configure    the INI section checked against settings() (`duka --check` stops here);
//   5. migrate      the pending migrations() of every plugin, in one transaction;
//   6. start        start(context) in dependency order: routes, subscriptions, services; a
//                   throw stops the start (started plugins are stopped, in reverse);
//   7. started      started(context) once all have started: find extension points; then
//                   the `every` tasks and the outboxes begin;
//   8. serve        handlers and subscribers run on the host's threads;
//   9. stop         after its tasks and outboxes, once no request uses it (SIGTERM; SIGHUP
//                   starts new instances first), stop() in reverse order; the library last.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <stop_token>

#include "duka/database.hpp"
#include "duka/detail/plugin_export.hpp"
#include "duka/events.hpp"
#include "duka/router.hpp"
#include "duka/services.hpp"
#include "duka/settings.hpp"

namespace duka {

class Metrics;      // duka/facility/metrics.hpp
struct OutboxSpec;  // duka/facility/outbox.hpp
class Outbox;
class OutboxCourier;

struct PluginInfo {
  std::string name;                          // unique, [a-z0-9_-]+; also its INI section
  std::string version;                       // semver
  std::string description;                   // one line
  std::vector<std::string> requiredPlugins;  // "requires": plugins that must start first
};

// PluginContext is the plugin's view of the host. Everything registered through it keeps
// the plugin's library loaded while it lives.
class PluginContext {
 public:
  virtual ~PluginContext();
  virtual Router& routes() = 0;
  virtual EventBus& events() = 0;
  virtual Database& db() = 0;
  virtual ServiceRegistry& services() = 0;
  virtual Metrics& metrics() = 0;
  virtual const IniSection& section() const = 0;  // its INI section, validated
  virtual Poco::Logger& log() = 0;                // "plugin.<name>"
  // every runs task every period on a thread of the host's, from when every plugin has
  // started until this one stops (before its stop()): one run at a time, a throw logged
  // (once while it lasts) and tried again a period later. A long run looks at
  // stop.stop_requested() between its steps. Plugins own no threads.
  virtual void every(std::chrono::milliseconds period, std::string name,
                     std::function<void(std::stop_token stop)> task) = 0;
  // outbox has the host deliver the rows of spec.table through courier,
  // over the same span as every's tasks; the answer lives as long as the plugin.
  virtual Outbox& outbox(OutboxSpec spec, std::shared_ptr<OutboxCourier> courier) = 0;
};

// Plugin is what the factory creates. Keep the class to registration; put handlers,
// repositories and rules in files of their own.
class Plugin {
 public:
  virtual ~Plugin();
  virtual PluginInfo info() const = 0;
  // settings declares its INI section's keys and the rules across them (Settings).
  virtual const SettingsDeclaration& settings() const;
  virtual std::vector<Migration> migrations() const;  // ascending versions
  virtual void start(PluginContext& context) = 0;
  virtual void started(PluginContext& context);
  // stop releases what start acquired; the host removes routes, subscribers and services.
  virtual void stop();
};

}  // namespace duka

// DUKA_PLUGIN(Class) exports a plugin class: write it once, at namespace scope.
#define DUKA_PLUGIN(PluginClass) DUKA_DETAIL_EXPORT_PLUGIN(PluginClass)
