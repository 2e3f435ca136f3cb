// webhook_shapes: the wire shapes of the webhooks plugin's own answers: a delivery in a list,
// a delivery with its attempts, the rotated secret, and the deliveries' filter.
#pragma once

#include <duka/shape.hpp>
#include <string>

#include "delivery_store.hpp"

namespace duka::webhooks {

struct RotatedSecret {
  std::string secret;
};

struct DeliveryFilter {
  std::string status;
};

inline const Shape<Attempt>& attemptShape() {
  static const Shape<Attempt> shape =
      Shape<Attempt>("WebhookAttempt", "One try of a delivery")
          .field("at", &Attempt::at, {.format = "date-time"})
          .field("status_code", &Attempt::statusCode,
                 {.description = "The receiver's status; 0: no answer (see error)"})
          .field("duration_ms", &Attempt::durationMs)
          .field("error", &Attempt::error, {.nullable = true, .minLength = 0})
          .field("response_excerpt", &Attempt::responseExcerpt,
                 {.description = "Up to 1 KiB of the answer", .minLength = 0, .maxLength = 1024});
  return shape;
}

// deliveryFields are a delivery's fields but its attempts.
template <class S>
S& deliveryFields(S& shape) {
  return shape.field("id", &DeliveryView::id, {.readOnly = true})
      .field("event", &DeliveryView::event)
      .field("event_id", &DeliveryView::eventId, {.description = "The body's id"})
      .field("status", &DeliveryView::status, {.choices = {"pending", "delivered", "failed"}})
      .field("next_attempt_at", &DeliveryView::nextAttemptAt,
             {.nullable = true, .format = "date-time"})
      .field("last_status_code", &DeliveryView::lastStatusCode)
      .field("last_error", &DeliveryView::lastError, {.nullable = true, .minLength = 0})
      .field("delivered_at", &DeliveryView::deliveredAt, {.nullable = true, .format = "date-time"})
      .field("created_at", &DeliveryView::createdAt, {.format = "date-time"});
}

inline const Shape<DeliveryView>& deliveryShape() {
  static const Shape<DeliveryView> shape = [] {
    Shape<DeliveryView> s("WebhookDelivery", "An event on its way to an endpoint");
    deliveryFields(s).field("attempts", &DeliveryView::attempts,
                            {.description = "Attempts made so far"});
    return s;
  }();
  return shape;
}

inline const Shape<DeliveryView>& deliveryDetailShape() {
  static const Shape<DeliveryView> shape = [] {
    Shape<DeliveryView> s("WebhookDeliveryDetail", "A delivery with each of its attempts");
    deliveryFields(s).field("attempts", &DeliveryView::attemptLog, attemptShape());
    return s;
  }();
  return shape;
}

inline const Shape<RotatedSecret>& rotatedSecretShape() {
  static const Shape<RotatedSecret> shape =
      Shape<RotatedSecret>("WebhookSecret", "The endpoint's new secret (shown once)")
          .field("secret", &RotatedSecret::secret, {.readOnly = true});
  return shape;
}

inline const Shape<DeliveryFilter>& deliveryFilterShape() {
  static const Shape<DeliveryFilter> shape =
      Shape<DeliveryFilter>("WebhookDeliveryFilter", "Which deliveries to list")
          .field("status", &DeliveryFilter::status,
                 {.choices = {"pending", "delivered", "failed"}});
  return shape;
}

}  // namespace duka::webhooks
