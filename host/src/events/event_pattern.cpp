#include "events/event_pattern.hpp"

namespace duka::host {

bool matchesEventPattern(const std::string& pattern, const std::string& name) {
  if (pattern == "*")
    return true;
  if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
    const std::size_t prefix = pattern.size() - 1;
    return name.size() > prefix && name.compare(0, prefix, pattern, 0, prefix) == 0;
  }
  return pattern == name;
}

}  // namespace duka::host
