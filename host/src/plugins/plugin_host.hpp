// PluginHost: the loaded plugins in start order; starts them (in dependency order) and
// stops them (in reverse), and reports their state.
#pragma once

#include <Poco/Logger.h>

#include <memory>
#include <vector>

#include "plugins/loaded_plugin.hpp"
#include "plugins/plugin_context.hpp"

namespace duka::host {

class PluginHost {
 public:
  explicit PluginHost(std::vector<LoadedPlugin> ordered);
  ~PluginHost();

  const std::vector<LoadedPlugin>& plugins() const { return plugins_; }
  // startAll starts each plugin with its settings; when one throws, the started ones are
  // stopped again in reverse and PluginError names the plugin and the cause.
  void startAll(const std::vector<IniSection>& settings, HostRegistries registries);
  // announceStarted runs each plugin's started() in start order, once the host is about to
  // serve (the command-line modes skip it); a throw stops every plugin and PluginError
  // names the plugin and the cause.
  void announceStarted();
  // stopTasks ends every plugin's background work (its `every` tasks and outboxes), in
  // reverse order, and leaves the plugins started.
  void stopTasks();
  // stopAll stops the started plugins in reverse order; a throwing stop is logged.
  void stopAll();
  bool allStarted() const;
  // release drops the plugin objects and contexts; libraries close once nothing else
  // (routes, subscribers, services) holds them.
  void release();

 private:
  std::vector<LoadedPlugin> plugins_;
  std::vector<std::unique_ptr<PluginContextImpl>> contexts_;
  Poco::Logger& log_;
};

}  // namespace duka::host
