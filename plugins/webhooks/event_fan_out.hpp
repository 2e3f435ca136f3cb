// EventFanOut: an in-transaction subscriber to every event. For each active endpoint whose
// patterns match, it writes a delivery in the event's transaction (a rolled-back change
// sends nothing; a committed one is delivered whatever happens next), keyed by the endpoint
// and the entity the event is about, so one endpoint's deliveries about one order, item,
// customer or payment go in order.
#pragma once

#include <duka/events.hpp>
#include <duka/facility/outbox.hpp>
#include <string>

#include "delivery_store.hpp"
#include "endpoint_store.hpp"

namespace duka::webhooks {

class EventFanOut {
 public:
  EventFanOut(EndpointStore& endpoints, DeliveryStore& deliveries, Outbox& outbox)
      : endpoints_(endpoints), deliveries_(deliveries), outbox_(outbox) {}

  void subscribe(EventBus& events);
  // queue writes one delivery of event to one endpoint (webhook.test, or a match).
  void queue(Transaction& tx, std::int64_t endpointId, const Event& event,
             const std::string& eventId);

 private:
  void fanOut(const Event& event, Transaction& tx);
  void queue(Transaction& tx, std::int64_t endpointId, const Event& event,
             const std::string& eventId, const std::string& body);

  EndpointStore& endpoints_;
  DeliveryStore& deliveries_;
  Outbox& outbox_;
};

// newId is prefix + 24 random base62 characters ("msg_", "evt_").
std::string newId(const std::string& prefix);
// entityOf is what event is about, as an outbox key part: "order:42", "item:7", or, for an
// event about nothing that orders, the event's own id.
std::string entityOf(const Event& event, const std::string& eventId);
// webhookBody is the request body: {"id", "type", "timestamp", "data"}.
std::string webhookBody(const Event& event, const std::string& eventId);

}  // namespace duka::webhooks
