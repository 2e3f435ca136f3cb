// Order::toJsonText writes the same bytes as duka::toJson(Order::toJson()), the answer every
// order route gave before it, for any text an order can hold.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "duka/http.hpp"
#include "order_repository.hpp"

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
  EXPECT_EQ(order.toJsonText(), toJson(order.toJson()));
}

TEST(OrderJsonText, MatchesPocosAnswerForAnOrdinaryOrder) {
  expectSameAsPoco(sample());
}

TEST(OrderJsonText, MatchesPocosAnswerWithoutLines) {
  Order order = sample();
  order.lines.clear();
  order.totalMinor = 0;
  expectSameAsPoco(order);
}

TEST(OrderJsonText, MatchesPocosAnswerForTextThatNeedsEscaping) {
  Order order = sample();
  order.note = "quote \" backslash \\ slash / tab \t newline \n bell \x07 del \x7f";
  order.lines[0].name = "ünïcødé 名前 🛒 \u2028 line separator";
  order.lines[1].name = std::string("nul \0 inside", 12);
  expectSameAsPoco(order);
}

TEST(OrderJsonText, MatchesPocosAnswerForExtremeNumbers) {
  Order order = sample();
  order.id = std::numeric_limits<std::int64_t>::max();
  order.customerId = 1;
  order.lines[0].quantity = 1'000'000'000'000;
  order.lines[0].unitPriceMinor = 1;
  order.lines[1].unitPriceMinor = -305;
  order.totalMinor = -1;
  expectSameAsPoco(order);
}

}  // namespace
}  // namespace duka::orders
