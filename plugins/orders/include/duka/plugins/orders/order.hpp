// duka/plugins/orders/order.hpp: the order as the API and the order.* events show it,
// declared once, with its statuses and events. Subscribers list "orders" in requires, except
// a plugin that orders itself requires (inventory): that dependency already orders the two.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <string>
#include <vector>

namespace duka::orders {

inline constexpr const char* kPending = "pending";
inline constexpr const char* kApproved = "approved";
inline constexpr const char* kFulfilled = "fulfilled";
inline constexpr const char* kCancelled = "cancelled";

// payment_status follows paid_total: nothing, some, or at least the total (payment.hpp).
inline constexpr const char* kUnpaid = "unpaid";
inline constexpr const char* kPartiallyPaid = "partially_paid";
inline constexpr const char* kPaid = "paid";

// Why an order was cancelled (order.cancelled's reason).
inline constexpr const char* kByCustomer = "customer";
inline constexpr const char* kByStaff = "staff";
inline constexpr const char* kExpired = "expired";

struct OrderLine {
  std::int64_t inventoryId = 0;
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t unitPriceMinor = 0;
  std::int64_t lineTotalMinor() const { return quantity * unitPriceMinor; }
};

struct Order {
  std::int64_t id = 0;
  std::int64_t customerId = 0;
  std::string status;
  std::vector<OrderLine> lines;
  std::int64_t totalMinor = 0;
  std::string currency;
  std::string note;
  std::int64_t paidTotalMinor = 0;  // what payment.succeeded brought, also after a cancel
  std::string paymentStatus = kUnpaid;
  std::string createdAt;
  std::string updatedAt;
};

inline const Shape<OrderLine>& orderLineShape() {
  static const Shape<OrderLine> shape =
      Shape<OrderLine>("OrderLine", "One item of an order, priced when the order was placed")
          .field("inventory_id", &OrderLine::inventoryId, {.readOnly = true})
          .field("name", &OrderLine::name,
                 {.description = "The item's name then", .readOnly = true})
          .field("quantity", &OrderLine::quantity, {.readOnly = true})
          .field("unit_price", &OrderLine::unitPriceMinor,
                 {.description = "The item's price then", .readOnly = true, .money = true})
          .computed("line_total", &OrderLine::lineTotalMinor, {.money = true});
  return shape;
}

inline const Shape<Order>& orderShape() {
  static const Shape<Order> shape =
      Shape<Order>("Order", "An order of a customer and the stock it holds")
          .field("id", &Order::id, {.readOnly = true})
          .field("customer_id", &Order::customerId, {.readOnly = true})
          .field("status", &Order::status,
                 {.readOnly = true, .choices = {kPending, kApproved, kFulfilled, kCancelled}})
          .field("items", &Order::lines, orderLineShape(), {.readOnly = true})
          .field("total", &Order::totalMinor, {.readOnly = true, .money = true})
          .field("currency", &Order::currency, {.description = "ISO 4217", .readOnly = true})
          .field("note", &Order::note, {.readOnly = true})
          .field("paid_total", &Order::paidTotalMinor,
                 {.description = "What its payments brought (on a cancelled order: to refund)",
                  .readOnly = true,
                  .money = true})
          .field("payment_status", &Order::paymentStatus,
                 {.readOnly = true, .choices = {kUnpaid, kPartiallyPaid, kPaid}})
          .field("created_at", &Order::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Order::updatedAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

// OrderCancelled is order.cancelled's payload: the order, its status before, and why.
struct OrderCancelled {
  Order order;
  std::string previousStatus;  // pending or approved
  std::string reason;          // customer, staff or expired
};

inline const Shape<OrderCancelled>& orderCancelledShape() {
  static const Shape<OrderCancelled> shape =
      Shape<OrderCancelled>("OrderCancelled")
          .embed(&OrderCancelled::order, orderShape())
          .field("previous_status", &OrderCancelled::previousStatus,
                 {.readOnly = true, .choices = {kPending, kApproved}})
          .field("reason", &OrderCancelled::reason,
                 {.readOnly = true, .choices = {kByCustomer, kByStaff, kExpired}});
  return shape;
}

// The events the orders plugin publishes. Inventory moves the stock in their transactions.
// order.paid: paid_total reached the total (a cancelled order is never paid).
inline constexpr EventType<Order> kOrderCreated{"order.created", orderShape};
inline constexpr EventType<Order> kOrderApproved{"order.approved", orderShape};
inline constexpr EventType<Order> kOrderFulfilled{"order.fulfilled", orderShape};
inline constexpr EventType<OrderCancelled> kOrderCancelled{"order.cancelled", orderCancelledShape};
inline constexpr EventType<Order> kOrderPaid{"order.paid", orderShape};

}  // namespace duka::orders
