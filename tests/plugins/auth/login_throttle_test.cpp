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

TEST(LoginThrottle, MemoryIsBounded) {
  LoginThrottle throttle({seconds(60), 5, 100}, 3);
  const auto t = Clock::now();
  for (int i = 0; i < 10; ++i)
    throttle.recordFailure("10.0." + std::to_string(i) + ".1", "someone", t);
  EXPECT_EQ(throttle.keys(), 3u);
}

TEST(LoginThrottle, AFullTableOfThrottledKeysStillTakesANewOne) {
  LoginThrottle throttle({seconds(60), 1, 100}, 2);
  const auto t = Clock::now();
  for (const char* client : {"10.0.1.1", "10.0.2.1", "10.0.3.1", "10.0.4.1"})
    throttle.recordFailure(client, "", t);  // each throttled at once
  EXPECT_EQ(throttle.keys(), 2u);
  EXPECT_GT(throttle.retryAfter("10.0.4.1", "", t).count(), 0);  // the newest is kept
}

TEST(LoginThrottle, AThrottledAddressOutlivesAFloodOfOthers) {
  // The review's attack: 120k failures from distinct addresses pushed a throttled address
  // out of the table, and it could try again.
  LoginThrottle throttle({seconds(300), 3, 5}, 1000);
  const auto t = Clock::now();
  for (int i = 0; i < 3; ++i)
    throttle.recordFailure("192.0.2.1", "victim", t);
  ASSERT_GT(throttle.retryAfter("192.0.2.1", "", t).count(), 0);
  for (int i = 0; i < 120000; ++i) {
    const std::string address = std::to_string(10 + i % 200) + "." + std::to_string(i / 200 % 256) +
                                "." + std::to_string(i / 51200) + ".1";
    throttle.recordFailure(address, "", t);
  }
  EXPECT_LE(throttle.keys(), 1000u);
  EXPECT_GT(throttle.retryAfter("192.0.2.1", "", t).count(), 0);
  EXPECT_GT(throttle.retryAfter("192.0.2.1", "victim", t).count(), 0);
}

TEST(LoginThrottle, WhenKeysRunShortFailuresCountPerNetwork) {
  LoginThrottle throttle({seconds(60), 3, 100}, 8);
  const auto t = Clock::now();
  for (const char* client : {"10.0.1.1", "10.0.2.1", "10.0.3.1", "10.0.4.1"})
    throttle.recordFailure(client, "", t);
  // Half the keys are taken: three addresses of one /24 share a budget.
  for (const char* client : {"198.51.100.1", "198.51.100.2", "198.51.100.3"})
    throttle.recordFailure(client, "", t);
  EXPECT_GT(throttle.retryAfter("198.51.100.77", "", t).count(), 0);
  EXPECT_EQ(throttle.retryAfter("198.51.101.1", "", t).count(), 0);
}

TEST(LoginThrottle, NetworksAreSlash24AndSlash64) {
  EXPECT_EQ(networkOf("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(networkOf("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(networkOf("not an address"), "not an address");
}

}  // namespace
}  // namespace duka::auth
