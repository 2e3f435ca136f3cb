#include "duka/events.hpp"

#include <gtest/gtest.h>

#include "http/dispatch/host_request.hpp"

namespace duka {
namespace {

TEST(EventContext, TakesPrincipalAndRequestIdFromTheRequest) {
  HostRequest request({.method = "GET",
                       .path = "/",
                       .requestId = "rid-1",
                       .principal = Principal{"42", "amina", {kStaffRole}, {}}});
  const EventContext context = EventContext::of(request);
  ASSERT_TRUE(context.actor);
  EXPECT_EQ(context.actor->subject, "42");
  EXPECT_EQ(context.requestId, "rid-1");
  EXPECT_FALSE(EventContext::system("sms").actor);
}

}  // namespace
}  // namespace duka
