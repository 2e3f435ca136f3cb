#include "event_fan_out.hpp"

#include <Poco/JSON/Object.h>

#include <duka/facility/random_text.hpp>
#include <duka/http.hpp>

#include "endpoint_rules.hpp"

namespace duka::webhooks {

std::string newId(const std::string& prefix) {
  return prefix + randomBase62(24);
}

std::string entityOf(const Event& event, const std::string& eventId) {
  static const std::vector<std::pair<std::string, std::string>> kKinds{{"order.", "order:"},
                                                                       {"payment.", "payment:"},
                                                                       {"inventory.", "item:"},
                                                                       {"customer.", "customer:"}};
  for (const auto& [prefix, kind] : kKinds) {
    if (event.name.rfind(prefix, 0) == 0 && event.payload && event.payload->has("id"))
      return kind + event.payload->get("id").toString();
  }
  return "event:" + eventId;
}

std::string webhookBody(const Event& event, const std::string& eventId) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("id", eventId);
  body->set("type", event.name);
  body->set("timestamp", event.at);
  body->set("data",
            event.payload ? event.payload : Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  return toJson(body);  // the SDK's writer: Poco's text, at a fraction of Poco's cost
}

void EventFanOut::subscribe(EventBus& events) {
  events.subscribe("*", [this](const Event& event, Transaction& tx) { fanOut(event, tx); });
}

void EventFanOut::queue(Transaction& tx, std::int64_t endpointId, const Event& event,
                        const std::string& eventId) {
  queue(tx, endpointId, event, eventId, webhookBody(event, eventId));
}

void EventFanOut::queue(Transaction& tx, std::int64_t endpointId, const Event& event,
                        const std::string& eventId, const std::string& body) {
  deliveries_.insert(tx, {endpointId, newId("msg_"), event.name, eventId,
                          std::to_string(endpointId) + ":" + entityOf(event, eventId), body});
  outbox_.queued(tx);
}

void EventFanOut::fanOut(const Event& event, Transaction& tx) {
  if (!deliverable(event.name) || event.name == "webhook.test")
    return;
  // One id and one body for the event, whichever endpoints get it.
  std::string eventId, body;
  for (const auto& endpoint : endpoints_.subscribed(tx)) {
    const bool wanted = std::any_of(
        endpoint.patterns.begin(), endpoint.patterns.end(),
        [&](const std::string& pattern) { return patternMatches(pattern, event.name); });
    if (!wanted)
      continue;
    if (eventId.empty()) {
      eventId = newId("evt_");
      body = webhookBody(event, eventId);
    }
    queue(tx, endpoint.id, event, eventId, body);
  }
}

}  // namespace duka::webhooks
