#include "cli/list_plugins.hpp"

#include <iostream>

namespace duka::host {

void listPlugins(const std::vector<LoadedPlugin>& plugins) {
  for (const auto& plugin : plugins) {
    std::string required;
    for (const auto& r : plugin.info.requiredPlugins)
      required += (required.empty() ? "" : ",") + r;
    std::cout << plugin.info.name << "\t" << plugin.info.version
              << "\trequires=" << (required.empty() ? "-" : required) << "\t" << plugin.file
              << "\n";
  }
}

}  // namespace duka::host
