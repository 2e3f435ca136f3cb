// The webhooks plugin's pieces: Standard Webhooks signatures (against the reference
// libraries' own test vector), the endpoint rules, the address policy, the retry delays,
// and one attempt's exchange against a receiver on 127.0.0.1.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <duka/testing/fake_gateway.hpp>
#include <duka/testing/temp_dir.hpp>
#include <thread>

#include "address_policy.hpp"
#include "endpoint_rules.hpp"
#include "retry_delays.hpp"
#include "support/self_signed.hpp"
#include "webhook_sender.hpp"
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
  EXPECT_EQ(retryAfter("Mon, 01 Jan 0000 00:00:00 GMT", now), std::nullopt);  // UBSan found it
  EXPECT_EQ(retryAfter("", now), std::nullopt);
}

SendOptions local(std::chrono::milliseconds timeout = 2000ms) {
  return {.timeout = timeout, .allowPrivateNetworks = true, .userAgent = "duka/test"};
}

TEST(WebhookSender, PostsTheBodyAndHeadersAndReadsTheAnswer) {
  test::FakeGateway receiver;
  receiver.setDefault(test::GatewayReply::text(204, ""));
  const SentReply reply = sendWebhook(receiver.baseUrl() + "/hooks/duka?x=1", R"({"a":1})",
                                      {{"webhook-id", "msg_1"}}, local());
  EXPECT_EQ(reply.status, 204) << reply.error;
  const auto requests = receiver.requestsTo("/hooks/duka");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, R"({"a":1})");
  EXPECT_EQ(requests[0].header("webhook-id"), "msg_1");
  EXPECT_EQ(requests[0].header("content-type"), "application/json");
  EXPECT_EQ(requests[0].header("user-agent"), "duka/test");
}

TEST(WebhookSender, ReadsAtMost64KiBFollowsNoRedirectAndStopsAtTheTimeout) {
  test::FakeGateway receiver;
  receiver.script({test::GatewayReply::text(200, std::string(200 * 1024, 'x')),
                   test::GatewayReply::text(302, "moved"),
                   {.status = 200, .contentType = "text/plain", .body = "late", .delay = 3000ms}});
  const SentReply big = sendWebhook(receiver.baseUrl() + "/", "{}", {}, local());
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body.size(), kMaxAnswerBytes);
  const SentReply moved = sendWebhook(receiver.baseUrl() + "/", "{}", {}, local());
  EXPECT_EQ(moved.status, 302);  // a redirect is an answer, not followed
  EXPECT_EQ(receiver.requests().size(), 2u);
  const auto started = std::chrono::steady_clock::now();
  const SentReply late = sendWebhook(receiver.baseUrl() + "/", "{}", {}, local(500ms));
  EXPECT_EQ(late.status, 0);
  EXPECT_TRUE(late.timedOut) << late.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}

// TricklingPeer accepts connections on 127.0.0.1 and, once it has the request's first bytes,
// writes `answer` one byte every 100 ms (never, when it is empty), until the test ends.
class TricklingPeer {
 public:
  explicit TricklingPeer(std::string answer)
      : answer_(std::move(answer)), socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~TricklingPeer() {
    done_ = true;
    thread_.join();
  }
  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(socket_.address().port()) + "/";
  }

 private:
  void serve() {
    while (!done_) {
      if (!socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
        continue;
      Poco::Net::StreamSocket peer = socket_.acceptConnection();
      try {
        char request[4096];
        peer.receiveBytes(request, sizeof request);
        for (std::size_t i = 0; !done_; ++i) {
          if (!answer_.empty())
            peer.sendBytes(&answer_[i % answer_.size()], 1);
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      } catch (const Poco::Exception&) {
        // The client gave up on us: the next one.
      }
    }
  }

  std::string answer_;
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// The timeout bounds the whole exchange: a head sent a byte at a time (each byte well within
// any read's timeout), and a TLS handshake the peer never answers.
TEST(WebhookSender, StopsAtTheTimeoutWhateverThePeerTrickles) {
  TricklingPeer trickling("HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  const auto started = std::chrono::steady_clock::now();
  const SentReply head = sendWebhook(trickling.url(), "{}", {}, local(500ms));
  EXPECT_EQ(head.status, 0);
  EXPECT_TRUE(head.timedOut) << head.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);

  TricklingPeer silent("");
  const auto before = std::chrono::steady_clock::now();
  const SentReply handshake = sendWebhook(silent.url("https"), "{}", {}, local(500ms));
  EXPECT_EQ(handshake.status, 0);
  EXPECT_TRUE(handshake.timedOut) << handshake.error;
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1500ms);
}

TEST(WebhookSender, RefusesPrivateAddressesUnlessAllowedAndUnverifiedCertificates) {
  test::FakeGateway receiver;
  SendOptions strict = local();
  strict.allowPrivateNetworks = false;
  const SentReply refused = sendWebhook(receiver.baseUrl() + "/", "{}", {}, strict);
  EXPECT_EQ(refused.status, 0);
  EXPECT_EQ(refused.error, "address not allowed");
  // A name that resolves to 127.0.0.1 is refused the same way.
  const std::string byName =
      "http://localhost:" + receiver.baseUrl().substr(receiver.baseUrl().rfind(':') + 1) + "/";
  EXPECT_EQ(sendWebhook(byName, "{}", {}, strict).error, "address not allowed");
  EXPECT_TRUE(receiver.requests().empty());

  test::TempDir dir;
  const auto files = test::selfSignedCertificate(dir);
  test::FakeGateway untrusted(files.certificate, files.key);
  const SentReply tls = sendWebhook(untrusted.baseUrl() + "/", "{}", {}, local());
  EXPECT_EQ(tls.status, 0);
  EXPECT_FALSE(tls.error.empty());
  EXPECT_TRUE(untrusted.requests().empty());
}

}  // namespace
}  // namespace duka::webhooks
