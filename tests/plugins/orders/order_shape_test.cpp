// The order's wire shape: the answer's bytes (as every order route wrote them before the
// shape was declared), the same bytes as Poco writes the event payload, for any text an
// order can hold, and the typed views subscribers read of order.* events.
#include <gtest/gtest.h>

#include <cstdint>
#include <duka/plugins/orders/order.hpp>
#include <limits>
#include <string>

#include "duka/http.hpp"

namespace duka::orders {
namespace {

Order sample() {
  Order order;
  order.id = 42;
  order.customerId = 7;
  order.status = "pending";
  order.currency = "KES";
  order.note = "leave at the gate";
  order.createdAt = "2026-11-26T08:00:00Z";
  order.updatedAt = "2026-11-26T08:05:00Z";
  order.lines.push_back({3, "Sugar 1kg", 2, 15050});
  order.lines.push_back({9, "Maziwa", 1, 6000});
  order.totalMinor = 2 * 15050 + 6000;
  return order;
}

void expectSameAsPoco(const Order& order) {
  EXPECT_EQ(orderShape().json(order), toJson(orderShape().object(order)));
}

TEST(OrderShape, WritesTheAnswerClientsKnow) {
  EXPECT_EQ(orderShape().json(sample()),
            R"({"created_at":"2026-11-26T08:00:00Z","currency":"KES","customer_id":7,"id":42,)"
            R"("items":[{"inventory_id":3,"line_total":"301.00","name":"Sugar 1kg","quantity":2,)"
            R"("unit_price":"150.50"},{"inventory_id":9,"line_total":"60.00","name":"Maziwa",)"
            R"("quantity":1,"unit_price":"60.00"}],"note":"leave at the gate","paid_total":"0.00",)"
            R"("payment_status":"unpaid","status":"pending",)"
            R"("total":"361.00","updated_at":"2026-11-26T08:05:00Z"})");
}

TEST(OrderShape, MatchesPocosTextForAnOrdinaryOrder) {
  expectSameAsPoco(sample());
}

TEST(OrderShape, MatchesPocosTextWithoutLines) {
  Order order = sample();
  order.lines.clear();
  order.totalMinor = 0;
  expectSameAsPoco(order);
}

TEST(OrderShape, MatchesPocosTextForTextThatNeedsEscaping) {
  Order order = sample();
  order.note = "quote \" backslash \\ slash / tab \t newline \n bell \x07 del \x7f";
  order.lines[0].name = "ünïcødé 名前 🛒 \u2028 line separator";
  order.lines[1].name = std::string("nul \0 inside", 12);
  expectSameAsPoco(order);
}

TEST(OrderShape, MatchesPocosTextForExtremeNumbers) {
  Order order = sample();
  order.id = std::numeric_limits<std::int64_t>::max();
  order.customerId = 1;
  order.lines[0].quantity = 1'000'000'000'000;
  order.lines[0].unitPriceMinor = 1;
  order.lines[1].unitPriceMinor = -305;
  order.totalMinor = -1;
  expectSameAsPoco(order);
}

TEST(OrderShape, SubscribersReadTheEventPayloadBack) {
  const Order order = sample();
  const Order read = orderShape().view(orderShape().object(order));
  EXPECT_EQ(read.id, 42);
  EXPECT_EQ(read.customerId, 7);
  EXPECT_EQ(read.status, kPending);
  ASSERT_EQ(read.lines.size(), 2u);
  EXPECT_EQ(read.lines[0].inventoryId, 3);
  EXPECT_EQ(read.lines[0].quantity, 2);
  EXPECT_EQ(read.lines[0].unitPriceMinor, 15050);
  EXPECT_EQ(read.lines[1].name, "Maziwa");
  EXPECT_EQ(read.totalMinor, 36100);
  EXPECT_EQ(orderShape().json(read), orderShape().json(order));
}

TEST(OrderShape, TheCancelledEventCarriesThePreviousStatusAndTheReason) {
  const auto payload = orderCancelledShape().object({sample(), kApproved, kExpired});
  EXPECT_EQ(payload->getValue<std::string>("previous_status"), "approved");
  EXPECT_EQ(payload->getValue<std::string>("reason"), "expired");
  EXPECT_EQ(payload->getValue<std::string>("payment_status"), "unpaid");
  EXPECT_EQ(payload->getValue<std::string>("paid_total"), "0.00");
  EXPECT_EQ(payload->getValue<Poco::Int64>("id"), 42);
  const OrderCancelled read = orderCancelledShape().view(payload);
  EXPECT_EQ(read.previousStatus, kApproved);
  EXPECT_EQ(read.reason, kExpired);
  EXPECT_EQ(read.order.lines.size(), 2u);
}

}  // namespace
}  // namespace duka::orders
