#include "endpoint_routes.hpp"

#include <duka/facility/pagination.hpp>
#include <duka/plugins/webhooks/webhook_events.hpp>

#include "endpoint_rules.hpp"
#include "webhook_shapes.hpp"
#include "webhook_signature.hpp"

namespace duka::webhooks {

namespace {

constexpr const char* kScope = "webhooks:manage";

// accepted is 202 {"status": "queued"}, with the queued event's id when there is one.
Response accepted(const std::string& eventId) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("status", "queued");
  if (!eventId.empty())
    body->set("event_id", eventId);
  return Response::json(202, body);
}

}  // namespace

void EndpointRoutes::addTo(Router& router) {
  const std::pair<int, std::string> noEndpoint{404, "No such endpoint"};
  router.add({.method = "POST",
              .path = "/api/webhooks/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Add an endpoint (its secret is in this answer only)",
              .request = &endpointShape(),
              .response = &endpointShape(),
              .successStatus = 201,
              .scope = kScope});
  router.add({.method = "GET",
              .path = "/api/webhooks/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return list(r); },
              .summary = "The endpoints",
              .response = &endpointShape(),
              .list = true,
              .scope = kScope});
  router.add({.method = "GET",
              .path = "/api/webhooks/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return show(r); },
              .summary = "One endpoint (never its secret)",
              .response = &endpointShape(),
              .problems = {noEndpoint},
              .scope = kScope});
  router.add({.method = "PATCH",
              .path = "/api/webhooks/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return update(r); },
              .summary = "Change an endpoint; {active: true} reactivates it",
              .request = &endpointShape(),
              .response = &endpointShape(),
              .problems = {noEndpoint},
              .scope = kScope});
  router.add({.method = "DELETE",
              .path = "/api/webhooks/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return remove(r); },
              .summary = "Delete an endpoint and its deliveries",
              .problems = {noEndpoint},
              .successStatus = 204,
              .scope = kScope});
  router.add({.method = "POST",
              .path = "/api/webhooks/{id}/rotate-secret/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return rotate(r); },
              .summary = "A new secret; the previous one signs too for rotation_overlap_h",
              .response = &rotatedSecretShape(),
              .problems = {noEndpoint},
              .scope = kScope});
  router.add({.method = "POST",
              .path = "/api/webhooks/{id}/test/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return test(r); },
              .summary = "Queue a webhook.test event for this endpoint",
              .problems = {noEndpoint},
              .successStatus = 202,
              .scope = kScope});
  router.add({.method = "GET",
              .path = "/api/webhooks/{id}/deliveries/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return deliveries(r); },
              .summary = "The endpoint's deliveries, newest first",
              .response = &deliveryShape(),
              .list = true,
              .query = &deliveryFilterShape(),
              .problems = {noEndpoint},
              .scope = kScope});
  router.add({.method = "GET",
              .path = "/api/webhooks/{id}/deliveries/{did}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return delivery(r); },
              .summary = "One delivery with its attempts",
              .response = &deliveryDetailShape(),
              .problems = {{404, "No such endpoint or delivery"}},
              .scope = kScope});
  router.add({.method = "POST",
              .path = "/api/webhooks/{id}/deliveries/{did}/redeliver/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return redeliver(r); },
              .summary = "Try a delivered or failed delivery again (the same webhook-id)",
              .problems = {{404, "No such endpoint or delivery"},
                           {409, "The delivery is pending already"}},
              .successStatus = 202,
              .scope = kScope});
}

void EndpointRoutes::checked(JsonBody& body, const Endpoint& endpoint) const {
  if (const std::string problem = urlProblem(endpoint.url, settings_.allowHttp); !problem.empty())
    body.ruleError("url", problem);
  for (const auto& pattern : endpoint.events) {
    if (const std::string problem = eventPatternProblem(pattern); !problem.empty())
      body.ruleError("events", problem);
  }
  body.finish();
}

Endpoint EndpointRoutes::found(SqlSession& session, const Request& request) {
  auto endpoint = endpoints_.find(session, request.idParam("id"));
  if (!endpoint)
    throw notFound("No webhook endpoint " + request.pathParam("id") + ".");
  return std::move(*endpoint);
}

Response EndpointRoutes::create(Request& request) {
  Endpoint endpoint;
  endpoint.active = true;
  JsonBody body(request);
  endpointShape().read(body, endpoint, Input::Create);
  checked(body, endpoint);
  const std::string secret = newWebhookSecret();
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    endpoints_.insert(tx, endpoint, secret);
    tx.publish(kWebhookCreated, endpoint);  // before the secret is set: no secret in events
  });
  endpoints_.changed();
  endpoint.secret = secret;
  return endpointShape().answer(201, endpoint);
}

Response EndpointRoutes::list(Request& request) {
  const Page page = Page::of(request);
  return page.answer(request, endpointShape(), endpoints_.list(page));
}

Response EndpointRoutes::show(Request& request) {
  return endpointShape().answer(200, found(db_, request));
}

Response EndpointRoutes::update(Request& request) {
  Endpoint endpoint = found(db_, request);
  JsonBody body(request);
  endpointShape().read(body, endpoint, Input::Patch);
  checked(body, endpoint);
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    if (!endpoints_.find(tx, endpoint.id))
      throw notFound("No webhook endpoint " + request.pathParam("id") + ".");
    endpoints_.update(tx, endpoint);
    tx.publish(kWebhookUpdated, endpoint);
  });
  endpoints_.changed();
  return endpointShape().answer(200, endpoint);
}

Response EndpointRoutes::remove(Request& request) {
  const Endpoint endpoint = found(db_, request);
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    if (!endpoints_.remove(tx, endpoint.id))
      throw notFound("No webhook endpoint " + request.pathParam("id") + ".");
    tx.publish(kWebhookDeleted, endpoint);
  });
  endpoints_.changed();
  return Response::noContent();
}

Response EndpointRoutes::rotate(Request& request) {
  const Endpoint endpoint = found(db_, request);
  RotatedSecret rotated{newWebhookSecret()};
  const std::int64_t overlapUntil =
      outboxNowMs() + static_cast<std::int64_t>(settings_.rotationOverlapHours) * 3600 * 1000;
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    endpoints_.rotate(tx, endpoint.id, rotated.secret, overlapUntil);
    tx.publish(kWebhookUpdated, endpoint);
  });
  return rotatedSecretShape().answer(200, rotated);
}

Response EndpointRoutes::test(Request& request) {
  const Endpoint endpoint = found(db_, request);
  Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
  payload->set("endpoint_id", endpoint.id);
  payload->set("message", "A test event from duka");
  const Event event{"webhook.test", payload, EventContext::of(request), nowRfc3339()};
  const std::string eventId = newId("evt_");
  db_.write(EventContext::of(request),
            [&](Transaction& tx) { fanOut_.queue(tx, endpoint.id, event, eventId); });
  return accepted(eventId);
}

Response EndpointRoutes::deliveries(Request& request) {
  const Endpoint endpoint = found(db_, request);
  const Page page = Page::of(request);
  const DeliveryFilter filter = deliveryFilterShape().query(request);
  return page.answer(request, deliveryShape(), deliveries_.list(endpoint.id, filter.status, page));
}

Response EndpointRoutes::delivery(Request& request) {
  const Endpoint endpoint = found(db_, request);
  const auto view = deliveries_.find(endpoint.id, request.idParam("did"));
  if (!view)
    throw notFound("No delivery " + request.pathParam("did") + " of this endpoint.");
  return deliveryDetailShape().answer(200, *view);
}

Response EndpointRoutes::redeliver(Request& request) {
  const Endpoint endpoint = found(db_, request);
  const std::int64_t id = request.idParam("did");
  if (!deliveries_.find(endpoint.id, id))
    throw notFound("No delivery " + request.pathParam("did") + " of this endpoint.");
  bool queued = false;
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    queued = deliveries_.redeliver(tx, endpoint.id, id);
    if (queued)
      outbox_.queued(tx);
  });
  if (!queued)
    throw conflict("The delivery is pending already.");
  return accepted("");
}

}  // namespace duka::webhooks
