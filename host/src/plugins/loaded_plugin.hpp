// LoadedPlugin: one plugin library as the host holds it, from load to unload.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <memory>
#include <string>

#include "duka/plugin.hpp"

namespace duka::host {

enum class PluginState { Loaded, Started, Failed, Stopped };

const char* stateName(PluginState state);

struct LoadedPlugin {
  // library is shared by everything that came from the plugin (the plugin object,
  // handlers, subscribers, services, gauges): the last of them closes it.
  std::shared_ptr<boost::dll::shared_library> library;
  std::shared_ptr<Plugin> plugin;
  PluginInfo info;
  // optional: the plugins it uses when enabled (OptionalPlugins); uses: the required ones and
  // the enabled optional ones, which start before it and whose services it may look up.
  std::vector<std::string> optional;
  std::vector<std::string> uses;
  std::string file;
  std::string sdkVersion;
  std::string compiler;
  unsigned pocoVersion = 0;
  PluginState state = PluginState::Loaded;
  std::string error;
};

}  // namespace duka::host
