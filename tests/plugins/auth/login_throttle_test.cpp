// LoginThrottle alone: limits per client and per account and client, the sliding window,
// what a success clears, and the bound on its memory.
#include "login_throttle.hpp"

#include <gtest/gtest.h>

namespace duka::auth {
namespace {

using std::chrono::seconds;
using Clock = LoginThrottle::Clock;

TEST(LoginThrottle, AnAccountIsThrottledPerAddressOnly) {
  LoginThrottle throttle({seconds(60), 100, 3});
  const auto t = Clock::now();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.retryAfter("10.0.0.1", "amina", t).count(), 0);
    throttle.recordFailure("10.0.0.1", "amina", t);
  }
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "amina", t), seconds(60));
  EXPECT_EQ(throttle.retryAfter("10.0.0.2", "amina", t).count(), 0);  // the owner elsewhere
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "baraka", t).count(), 0);
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "", t).count(), 0);
}

TEST(LoginThrottle, AClientIsThrottledAcrossAccounts) {
  LoginThrottle throttle({seconds(60), 4, 100});
  const auto t = Clock::now();
  for (int i = 0; i < 4; ++i)
    throttle.recordFailure("10.0.0.1", "user" + std::to_string(i), t + seconds(i));
  // The oldest failure leaves the window first: 60 s after it, 57 s from the last.
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "", t + seconds(3)), seconds(57));
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "someone", t + seconds(3)), seconds(57));
  EXPECT_EQ(throttle.retryAfter("10.0.0.9", "", t + seconds(3)).count(), 0);
}

TEST(LoginThrottle, FailuresLeaveTheWindow) {
  LoginThrottle throttle({seconds(60), 2, 100});
  const auto t = Clock::now();
  throttle.recordFailure("10.0.0.1", "", t);
  throttle.recordFailure("10.0.0.1", "", t + seconds(30));
  EXPECT_GT(throttle.retryAfter("10.0.0.1", "", t + seconds(59)).count(), 0);
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "", t + seconds(60)).count(), 0);
  throttle.recordFailure("10.0.0.1", "", t + seconds(61));
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "", t + seconds(62)), seconds(28));
}

TEST(LoginThrottle, ASuccessClearsTheAccountsFailuresNotTheClients) {
  LoginThrottle throttle({seconds(60), 4, 2});
  const auto t = Clock::now();
  throttle.recordFailure("10.0.0.1", "amina", t);
  throttle.recordFailure("10.0.0.1", "amina", t);
  throttle.recordSuccess("10.0.0.1", "amina");
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "amina", t).count(), 0);
  throttle.recordFailure("10.0.0.1", "amina", t);
  throttle.recordFailure("10.0.0.1", "amina", t);
  EXPECT_GT(throttle.retryAfter("10.0.0.1", "", t).count(), 0);  // four from this client
}

TEST(LoginThrottle, ZeroMeansNoLimit) {
  LoginThrottle throttle({seconds(60), 0, 0});
  const auto t = Clock::now();
  for (int i = 0; i < 100; ++i)
    throttle.recordFailure("10.0.0.1", "amina", t);
  EXPECT_EQ(throttle.retryAfter("10.0.0.1", "amina", t).count(), 0);
  EXPECT_EQ(throttle.keys(), 0u);
}

TEST(LoginThrottle, MemoryIsBoundedByDroppingTheLeastRecentlyFailed) {
  LoginThrottle throttle({seconds(60), 1, 100}, 3);
  const auto t = Clock::now();
  for (const char* client : {"10.0.0.1", "10.0.0.2", "10.0.0.3"})
    throttle.recordFailure(client, "", t);
  throttle.recordFailure("10.0.0.1", "", t);  // 10.0.0.1 is now the most recent
  throttle.recordFailure("10.0.0.4", "", t);  // 10.0.0.2 goes
  EXPECT_EQ(throttle.keys(), 3u);
  EXPECT_EQ(throttle.retryAfter("10.0.0.2", "", t).count(), 0);
  EXPECT_GT(throttle.retryAfter("10.0.0.1", "", t).count(), 0);
  EXPECT_GT(throttle.retryAfter("10.0.0.4", "", t).count(), 0);
}

}  // namespace
}  // namespace duka::auth
