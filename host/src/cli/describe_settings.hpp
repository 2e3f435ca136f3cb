// describeSettings: `duka --describe-settings`: every section and key of the host and of the
// enabled plugins, from their declarations, as Markdown (docs/settings-reference.md is this
// output for every shipped plugin, and a test keeps the two equal).
#pragma once

#include <string>
#include <vector>

#include "duka/settings.hpp"

namespace duka::host {

// DescribedSection is one INI section and the keys declared for it.
struct DescribedSection {
  std::string name;
  std::string owner;  // "The host", or "Plugin `<name>`"
  std::string description;
  const std::vector<Setting>* settings;
};

std::string describeSettings(const std::vector<DescribedSection>& sections);

}  // namespace duka::host
