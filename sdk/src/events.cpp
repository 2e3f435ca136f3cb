// Event contexts and subscription pattern matching.
#include "duka/events.hpp"

#include "duka/http.hpp"

namespace duka {

EventContext EventContext::of(const Request& request) {
  return EventContext{request.principal(), request.requestId()};
}

EventContext EventContext::system(std::string label) {
  return EventContext{std::nullopt, std::move(label)};
}

bool matchesEventPattern(const std::string& pattern, const std::string& name) {
  if (pattern == "*")
    return true;
  if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
    // "order.*" matches "order.created" but neither "order" nor "orders.created".
    const std::size_t prefix = pattern.size() - 1;
    return name.size() > prefix && name.compare(0, prefix, pattern, 0, prefix) == 0;
  }
  return pattern == name;
}

EventBus::~EventBus() = default;

}  // namespace duka
