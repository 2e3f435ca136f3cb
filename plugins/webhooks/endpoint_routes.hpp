// EndpointRoutes: the webhooks plugin's HTTP face (SPEC 11): the endpoints (create, list,
// show, update, delete, rotate the secret, send a test event) and their deliveries (list,
// show with attempts, redeliver). Staff, or an API key with webhooks:manage.
#pragma once

#include <duka/sdk.hpp>

#include "delivery_store.hpp"
#include "endpoint_store.hpp"
#include "event_fan_out.hpp"
#include "webhook_settings.hpp"

namespace duka::webhooks {

class EndpointRoutes {
 public:
  EndpointRoutes(Database& db, const WebhookSettings& settings, EndpointStore& endpoints,
                 DeliveryStore& deliveries, EventFanOut& fanOut, Outbox& outbox)
      : db_(db),
        settings_(settings),
        endpoints_(endpoints),
        deliveries_(deliveries),
        fanOut_(fanOut),
        outbox_(outbox) {}

  void addTo(Router& router);

 private:
  Response create(Request& request);
  Response list(Request& request);
  Response show(Request& request);
  Response update(Request& request);
  Response remove(Request& request);
  Response rotate(Request& request);
  Response test(Request& request);
  Response deliveries(Request& request);
  Response delivery(Request& request);
  Response redeliver(Request& request);

  // checked adds the url and events rules to body's errors, then finishes it.
  void checked(JsonBody& body, const Endpoint& endpoint) const;
  Endpoint found(SqlSession& session, const Request& request);

  Database& db_;
  const WebhookSettings& settings_;
  EndpointStore& endpoints_;
  DeliveryStore& deliveries_;
  EventFanOut& fanOut_;
  Outbox& outbox_;
};

}  // namespace duka::webhooks
