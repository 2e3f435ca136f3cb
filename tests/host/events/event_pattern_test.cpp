#include "events/event_pattern.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

TEST(EventPattern, ExactPrefixAndAll) {
  EXPECT_TRUE(matchesEventPattern("order.created", "order.created"));
  EXPECT_FALSE(matchesEventPattern("order.created", "order.approved"));
  EXPECT_TRUE(matchesEventPattern("order.*", "order.created"));
  EXPECT_TRUE(matchesEventPattern("order.*", "order.item.added"));
  EXPECT_FALSE(matchesEventPattern("order.*", "order"));
  EXPECT_FALSE(matchesEventPattern("order.*", "orders.created"));
  EXPECT_FALSE(matchesEventPattern("order.*", "inventory.low_stock"));
  EXPECT_TRUE(matchesEventPattern("*", "anything.at.all"));
  EXPECT_FALSE(matchesEventPattern("", "order.created"));
}

}  // namespace
}  // namespace duka::host
