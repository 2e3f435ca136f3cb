// duka/plugins/orders/payment.hpp: the contract between orders and the payment plugins
// (mpesa, and any other method). A payment plugin publishes payment.succeeded in the
// transaction that records the money, once per payment, with the amount that counts (never
// more than was asked for); orders adds it to the order's paid_total in that transaction and
// publishes order.paid when the total is reached. Every payment.* event names its order.
// Payment plugins list "orders" in requires.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <optional>
#include <string>

namespace duka::orders {

inline constexpr const char* kPaymentStatusRequested = "requested";
inline constexpr const char* kPaymentStatusSucceeded = "succeeded";
inline constexpr const char* kPaymentStatusFailed = "failed";

// Payment is one payment of an order, as GET /api/payments/ and the payment.* events show it.
struct Payment {
  std::int64_t id = 0;
  std::optional<std::int64_t> orderId;  // none: money that names no payable order
  std::string method;                   // "mpesa"
  std::string status;                   // requested, succeeded, failed
  std::int64_t amountMinor = 0;
  std::string phoneNumber;        // E.164
  std::string checkoutRequestId;  // the provider's id of the request, if any
  std::string receipt;            // the provider's receipt of the money, once succeeded
  std::string resultCode;
  std::string resultDesc;
  // reconciliation says why staff must look at this payment by hand: an amount other than
  // the one asked for, money for a cancelled or paid order, an account naming no order.
  std::string reconciliation;
  std::string createdAt;
  std::string updatedAt;
};

inline const Shape<Payment>& paymentShape() {
  static const Shape<Payment> shape =
      Shape<Payment>("Payment", "One payment of an order")
          .field("id", &Payment::id, {.readOnly = true})
          .field("order_id", &Payment::orderId,
                 {.description = "null: money that named no payable order (see reconciliation)",
                  .nullable = true,
                  .readOnly = true})
          .field("method", &Payment::method, {.readOnly = true, .choices = {"mpesa"}})
          .field(
              "status", &Payment::status,
              {.readOnly = true,
               .choices = {kPaymentStatusRequested, kPaymentStatusSucceeded, kPaymentStatusFailed}})
          .field("amount", &Payment::amountMinor, {.readOnly = true, .money = true})
          .field("phone_number", &Payment::phoneNumber,
                 {.description = "E.164", .nullable = true, .readOnly = true})
          .field("checkout_request_id", &Payment::checkoutRequestId,
                 {.description = "The provider's id of the payment request",
                  .nullable = true,
                  .readOnly = true})
          .field("receipt", &Payment::receipt,
                 {.description = "The provider's receipt (M-Pesa: MpesaReceiptNumber, TransID)",
                  .nullable = true,
                  .readOnly = true})
          .field("result_code", &Payment::resultCode,
                 {.description = "The provider's result code", .nullable = true, .readOnly = true})
          .field("result_desc", &Payment::resultDesc,
                 {.description = "The provider's words for it", .nullable = true, .readOnly = true})
          .field("reconciliation", &Payment::reconciliation,
                 {.description = "Why staff must reconcile this payment by hand (an amount other "
                                 "than the one asked for, money for a cancelled or paid order, an "
                                 "account naming no order); null when nothing is amiss",
                  .nullable = true,
                  .readOnly = true})
          .field("created_at", &Payment::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Payment::updatedAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

// The events of a payment: asked for, not paid yet; the money arrived; it will not.
inline constexpr EventType<Payment> kPaymentRequested{"payment.requested", paymentShape};
inline constexpr EventType<Payment> kPaymentSucceeded{"payment.succeeded", paymentShape};
inline constexpr EventType<Payment> kPaymentFailed{"payment.failed", paymentShape};
// Money that named no payable order, linked to one by staff (POST /api/payments/{id}/match/),
// published with the payment.succeeded that counts it for that order.
inline constexpr EventType<Payment> kPaymentMatched{"payment.matched", paymentShape};

}  // namespace duka::orders
