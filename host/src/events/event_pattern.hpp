// matchesEventPattern: whether an event name matches a subscription pattern: the name itself
// ("order.created"), a prefix ("order.*": order.created, not order or orders.created), or "*".
#pragma once

#include <string>

namespace duka::host {

bool matchesEventPattern(const std::string& pattern, const std::string& name);

}  // namespace duka::host
