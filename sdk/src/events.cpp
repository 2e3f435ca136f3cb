// Event contexts.
#include "duka/events.hpp"

#include "duka/http.hpp"

namespace duka {

EventContext EventContext::of(const Request& request) {
  return EventContext{request.principal(), request.requestId()};
}

EventContext EventContext::system(std::string label) {
  return EventContext{std::nullopt, std::move(label)};
}

EventBus::~EventBus() = default;

}  // namespace duka
