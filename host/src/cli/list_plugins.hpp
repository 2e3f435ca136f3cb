// listPlugins: `duka --list-plugins`: name, version, requires and file of each enabled
// plugin, one per line, tab-separated, in start order.
#pragma once

#include <vector>

#include "plugins/plugin_loader.hpp"

namespace duka::host {

void listPlugins(const std::vector<LoadedPlugin>& plugins);

}  // namespace duka::host
