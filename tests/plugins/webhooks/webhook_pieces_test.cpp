// The webhooks plugin's pieces: Standard Webhooks signatures (against the reference
// libraries' own test vector), the endpoint rules, the address policy and the retry delays.
#include <gtest/gtest.h>

#include "address_policy.hpp"
#include "endpoint_rules.hpp"
#include "retry_delays.hpp"
#include "webhook_signature.hpp"

namespace duka::webhooks {
namespace {

using namespace std::chrono_literals;

// The vector of the reference libraries' tests (libraries/python/tests/test_webhooks.py,
// test_sign_function, in github.com/standard-webhooks/standard-webhooks).
TEST(WebhookSignature, MatchesTheReferenceLibrariesVector) {
  EXPECT_EQ(signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, TwoSecretsSignTwiceSpaceSeparated) {
  const std::string current = newWebhookSecret();
  const std::string previous = newWebhookSecret();
  const std::string header = signatureHeader({current, previous}, "msg_1", 1700000000, "{}");
  EXPECT_EQ(header, signWebhook(current, "msg_1", 1700000000, "{}") + " " +
                        signWebhook(previous, "msg_1", 1700000000, "{}"));
  EXPECT_NE(signWebhook(current, "msg_1", 1700000000, "{}"),
            signWebhook(current, "msg_1", 1700000001, "{}"));
}

TEST(WebhookSignature, SecretsAreWhsecAnd32RandomBytes) {
  const std::string secret = newWebhookSecret();
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(secret.size(), 6u + 44u);  // base64 of 32 bytes
  EXPECT_NE(secret, newWebhookSecret());
  EXPECT_THROW(signWebhook("secret", "msg_1", 1, "{}"), std::invalid_argument);
}

TEST(EndpointRules, UrlsAreHttpsWithAHostAndNoUserInfo) {
  EXPECT_EQ(urlProblem("https://hooks.example.com/duka", false), "");
  EXPECT_NE(urlProblem("http://hooks.example.com/duka", false), "");
  EXPECT_EQ(urlProblem("http://hooks.example.com/duka", true), "");
  EXPECT_NE(urlProblem("https://user:pw@hooks.example.com/", false), "");
  EXPECT_NE(urlProblem("https:///path", false), "");
  EXPECT_NE(urlProblem("ftp://hooks.example.com/", true), "");
  EXPECT_NE(urlProblem("not a url", false), "");
  EXPECT_NE(urlProblem("https://hooks.example.com/" + std::string(2048, 'a'), false), "");
}

TEST(EndpointRules, EventsAreNamesPrefixesOrStarButNeverAuth) {
  for (const char* good : {"*", "order.*", "order.paid", "payment.succeeded", "webhook.test"})
    EXPECT_EQ(eventPatternProblem(good), "") << good;
  for (const char* bad : {"auth.login", "auth.*", "order", "orders.*", "order.shipped", ""})
    EXPECT_NE(eventPatternProblem(bad), "") << bad;
  EXPECT_TRUE(patternMatches("*", "order.paid"));
  EXPECT_TRUE(patternMatches("order.*", "order.paid"));
  EXPECT_FALSE(patternMatches("order.*", "orders.paid"));
  EXPECT_FALSE(patternMatches("order.*", "order."));
  EXPECT_TRUE(patternMatches("order.paid", "order.paid"));
  EXPECT_FALSE(patternMatches("order.paid", "order.paid2"));
  EXPECT_FALSE(deliverable("auth.login"));
  EXPECT_TRUE(deliverable("user.registered"));
}

TEST(AddressPolicy, RefusesEveryNonPublicRange) {
  for (const char* refused : {"127.0.0.1",
                              "127.9.9.9",
                              "10.1.2.3",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.168.1.1",
                              "169.254.169.254",
                              "100.64.0.1",
                              "100.127.255.255",
                              "224.0.0.1",
                              "239.1.1.1",
                              "0.0.0.0",
                              "255.255.255.255",
                              "::",
                              "::1",
                              "fc00::1",
                              "fd12:3456::1",
                              "fe80::1",
                              "ff02::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.0.0.1"})
    EXPECT_FALSE(isPublicAddress(Poco::Net::IPAddress(refused))) << refused;
  for (const char* allowed : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                              "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    EXPECT_TRUE(isPublicAddress(Poco::Net::IPAddress(allowed))) << allowed;
}

TEST(RetryDelays, FollowTheScheduleWithinTenPerCent) {
  EXPECT_EQ(retryDelay(1, 0.5), 5s);
  EXPECT_EQ(retryDelay(2, 0.5), 5min);
  EXPECT_EQ(retryDelay(9, 0.5), 24h);
  EXPECT_EQ(retryDelay(10, 0.5), std::nullopt);
  EXPECT_EQ(retryDelay(0, 0.5), std::nullopt);
  EXPECT_GE(*retryDelay(3, 0.0), 27min);
  EXPECT_LE(*retryDelay(3, 0.999), 33min);
}

TEST(RetryDelays, RetryAfterIsSecondsOrADateUpToADay) {
  const auto now = std::chrono::system_clock::from_time_t(1700000000);
  EXPECT_EQ(retryAfter("120", now), 120s);
  EXPECT_EQ(retryAfter("999999", now), 24h);
  EXPECT_EQ(retryAfter("Wed, 15 Nov 2023 00:13:20 GMT", now), 7200s);  // 2 h after now
  EXPECT_EQ(retryAfter("Tue, 14 Nov 2023 20:00:00 GMT", now), 0s);     // already past
  EXPECT_EQ(retryAfter("soon", now), std::nullopt);
  EXPECT_EQ(retryAfter("", now), std::nullopt);
}

}  // namespace
}  // namespace duka::webhooks
