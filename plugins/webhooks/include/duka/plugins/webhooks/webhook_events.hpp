// duka/plugins/webhooks/webhook_events.hpp: the webhooks plugin's endpoints as the API shows
// them, and the events it publishes about them (SPEC 4): webhook.created, webhook.updated,
// webhook.deleted, webhook.disabled (with the reason). No payload carries a secret.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <string>
#include <vector>

namespace duka::webhooks {

struct Endpoint {
  std::int64_t id = 0;
  std::string url;
  std::vector<std::string> events;  // "order.*", "payment.succeeded", "*"
  std::string description;
  bool active = true;
  std::string disabledReason;  // "" while active: "gone" (410), "failing", or "" when by staff
  std::string secret;          // in the answer to its creation only, else ""
  std::string createdAt;
  std::string updatedAt;
};

inline const Shape<Endpoint>& endpointShape() {
  static const Shape<Endpoint> shape =
      Shape<Endpoint>("WebhookEndpoint", "Where duka delivers events, signed (Standard Webhooks)")
          .field("id", &Endpoint::id, {.readOnly = true})
          .field("url", &Endpoint::url,
                 {.description = "https (http with [webhooks] allow_http), no user info",
                  .required = true,
                  .maxLength = 2048})
          .field("events", &Endpoint::events,
                 {.description = "Event names, a prefix as \"order.*\", or \"*\" (auth events "
                                 "are never delivered)",
                  .required = true,
                  .minItems = 1,
                  .maxItems = 50})
          .field("description", &Endpoint::description, {.minLength = 0, .maxLength = 500})
          .field("active", &Endpoint::active,
                 {.description = "A deactivated endpoint gets nothing until set active again"})
          .field("disabled_reason", &Endpoint::disabledReason,
                 {.description = "Why duka deactivated it: gone (it answered 410) or failing",
                  .nullable = true,
                  .readOnly = true})
          .field("secret", &Endpoint::secret,
                 {.description = "whsec_...: in the answer to its creation only (null elsewhere)",
                  .nullable = true,
                  .readOnly = true})
          .field("created_at", &Endpoint::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Endpoint::updatedAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

inline constexpr EventType<Endpoint> kWebhookCreated{"webhook.created", endpointShape};
inline constexpr EventType<Endpoint> kWebhookUpdated{"webhook.updated", endpointShape};
inline constexpr EventType<Endpoint> kWebhookDeleted{"webhook.deleted", endpointShape};
// webhook.disabled: duka deactivated the endpoint (disabled_reason says why).
inline constexpr EventType<Endpoint> kWebhookDisabled{"webhook.disabled", endpointShape};

}  // namespace duka::webhooks
