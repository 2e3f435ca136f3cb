// duka/context.hpp: everything the host hands a plugin when it starts.
#pragma once

#include <Poco/Logger.h>

#include "duka/config.hpp"
#include "duka/database.hpp"
#include "duka/events.hpp"
#include "duka/metrics.hpp"
#include "duka/router.hpp"
#include "duka/services.hpp"

namespace duka {

// PluginContext is the plugin's view of the host. Everything registered through it
// (routes, subscribers, services, gauges) keeps the plugin's library loaded while it lives.
class PluginContext {
 public:
  virtual ~PluginContext();
  virtual Router& routes() = 0;
  virtual EventBus& events() = 0;
  virtual Database& db() = 0;
  virtual ServiceRegistry& services() = 0;
  virtual Metrics& metrics() = 0;
  // settings is the plugin's validated INI section.
  virtual const Settings& settings() const = 0;
  // log is the logger "plugin.<name>", set up by the host.
  virtual Poco::Logger& log() = 0;
};

}  // namespace duka
