#include "duka/events.hpp"

#include <gtest/gtest.h>

#include "duka/http.hpp"

namespace duka {
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

TEST(EventContext, TakesPrincipalAndRequestIdFromTheRequest) {
  Request request("GET", "/", {}, {}, {}, "", "rid-1", "http://x");
  request.setPrincipal(Principal{"42", "amina", {kStaffRole}, std::nullopt});
  const EventContext context = EventContext::of(request);
  ASSERT_TRUE(context.actor);
  EXPECT_EQ(context.actor->subject, "42");
  EXPECT_EQ(context.requestId, "rid-1");
  EXPECT_FALSE(EventContext::system("sms").actor);
}

}  // namespace
}  // namespace duka
