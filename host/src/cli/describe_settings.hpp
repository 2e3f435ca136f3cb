// describeSettings: `duka --describe-settings`: every section and key of the host and of the
// enabled plugins, from their declarations, as Markdown (docs/settings-reference.md is this
// output for every shipped plugin, and a test keeps the two equal).
#pragma once

#include <string>
#include <vector>

#include "duka/settings.hpp"
#include "plugins/plugin_loader.hpp"

namespace duka::host {

// DescribedSection is one INI section and the keys declared for it.
struct DescribedSection {
  std::string name;
  std::string owner;  // "The host", or "Plugin `<name>`"
  std::string description;
  const std::vector<Setting>* settings;
};

std::string describeSettings(const std::vector<DescribedSection>& sections);

// describeAll describes the host's sections and each loaded plugin's, in start order. The
// plugin folder's default depends on where duka is installed: it is named, not shown.
std::string describeAll(const std::vector<LoadedPlugin>& plugins);

}  // namespace duka::host
