// orderByDependencies: sorts plugins so that each starts after the plugins it requires.
#pragma once

#include <vector>

#include "plugins/loaded_plugin.hpp"

namespace duka::host {

// orderByDependencies returns the plugins in start order, keeping the enabled order where
// the dependencies allow. A duplicate name, a required plugin that is not enabled, or a
// cycle throws PluginError naming the plugins.
std::vector<LoadedPlugin> orderByDependencies(std::vector<LoadedPlugin> plugins);

}  // namespace duka::host
