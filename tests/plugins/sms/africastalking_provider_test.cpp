// The Africa's Talking provider against a fake gateway: the exact request of SPEC 7, the
// statusCode table, HTTP 401, 5xx, garbage and a gateway that hangs past the timeout.
#include "africastalking_provider.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>
#include <Poco/StreamChannel.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <duka/testing/child_process.hpp>
#include <duka/testing/fake_gateway.hpp>
#include <duka/testing/temp_dir.hpp>
#include <sstream>

namespace duka::sms {
namespace {

using test::FakeGateway;
using test::GatewayReply;

class AfricasTalkingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.setChannel(Poco::AutoPtr<Poco::Channel>(new Poco::StreamChannel(logged_)));
    log_.setLevel(Poco::Message::PRIO_INFORMATION);
  }
  AfricasTalkingProvider provider(std::chrono::seconds timeout = std::chrono::seconds(5)) {
    return AfricasTalkingProvider({"duka-shop", "at-secret-key", gateway_.baseUrl()}, timeout,
                                  log_);
  }
  SmsOutcome sendOne(const std::string& senderId = "DUKA") {
    return provider().send({7, "+254712345678", "Habari! Oda #7 ✓ & more", senderId});
  }

  FakeGateway gateway_;
  std::ostringstream logged_;
  Poco::Logger& log_ = Poco::Logger::get("test.africastalking");
};

TEST_F(AfricasTalkingTest, SendsTheRequestSpec7Describes) {
  const SmsOutcome outcome = sendOne();
  ASSERT_EQ(outcome.kind, SmsOutcome::Kind::Accepted) << outcome.reason;
  EXPECT_EQ(outcome.messageId, "ATXid_1");
  const auto requests = gateway_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/version1/messaging");
  EXPECT_EQ(request.header("apiKey"), "at-secret-key");
  EXPECT_EQ(request.header("Accept"), "application/json");
  EXPECT_EQ(request.header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.form.size(), 4u);
  EXPECT_EQ(request.field("username"), "duka-shop");
  EXPECT_EQ(request.field("to"), "+254712345678");
  EXPECT_EQ(request.field("message"), "Habari! Oda #7 ✓ & more");
  EXPECT_EQ(request.field("from"), "DUKA");
  // "+" is form-encoded, so the gateway does not read it as a blank.
  EXPECT_NE(request.body.find("to=%2B254712345678"), std::string::npos) << request.body;
}

TEST_F(AfricasTalkingTest, LeavesFromOutWithoutASenderId) {
  ASSERT_EQ(sendOne("").kind, SmsOutcome::Kind::Accepted);
  const auto request = gateway_.requests().at(0);
  EXPECT_EQ(request.form.count("from"), 0u);
  EXPECT_EQ(request.form.size(), 3u);
}

TEST_F(AfricasTalkingTest, MapsEveryRecipientStatusCode) {
  const std::vector<std::pair<int, SmsOutcome::Kind>> table = {
      {100, SmsOutcome::Kind::Accepted},  {101, SmsOutcome::Kind::Accepted},
      {102, SmsOutcome::Kind::Accepted},  {401, SmsOutcome::Kind::Retryable},
      {402, SmsOutcome::Kind::Permanent}, {403, SmsOutcome::Kind::Permanent},
      {404, SmsOutcome::Kind::Permanent}, {405, SmsOutcome::Kind::Retryable},
      {406, SmsOutcome::Kind::Permanent}, {407, SmsOutcome::Kind::Retryable},
      {409, SmsOutcome::Kind::Permanent}, {500, SmsOutcome::Kind::Retryable},
      {501, SmsOutcome::Kind::Retryable}, {502, SmsOutcome::Kind::Retryable},
      {999, SmsOutcome::Kind::Retryable}};
  for (const auto& [code, kind] : table)
    gateway_.script({GatewayReply::africasTalking(code, "Status" + std::to_string(code))});
  for (const auto& [code, kind] : table) {
    const SmsOutcome outcome = sendOne();
    EXPECT_EQ(outcome.kind, kind) << code << ": " << outcome.reason;
    if (kind != SmsOutcome::Kind::Accepted) {
      EXPECT_NE(outcome.reason.find(std::to_string(code)), std::string::npos) << outcome.reason;
    }
  }
}

TEST_F(AfricasTalkingTest, Http401IsRetriedAndLoggedNamingTheSettings) {
  gateway_.script({GatewayReply::text(401, "The supplied authentication is invalid")});
  const SmsOutcome outcome = sendOne();
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable);
  EXPECT_NE(logged_.str().find("[sms.africastalking] username and api_key"), std::string::npos)
      << logged_.str();
  EXPECT_NE(logged_.str().find("sender_id"), std::string::npos);
  EXPECT_EQ(logged_.str().find("at-secret-key"), std::string::npos);
  EXPECT_EQ(outcome.reason.find("at-secret-key"), std::string::npos);
}

TEST_F(AfricasTalkingTest, ServerErrorsAndGarbageAreRetried) {
  gateway_.script({GatewayReply::text(500, "oops"), GatewayReply::text(503, ""),
                   GatewayReply::text(201, "<html>not json</html>"),
                   GatewayReply::text(201, R"({"SMSMessageData":{"Recipients":[{}]}})"),
                   GatewayReply::text(201, R"({"unexpected":true})"),
                   GatewayReply::text(429, "slow down"),
                   GatewayReply::garbage("HTTP/1.1 201 Created\r\nTransfer-Encoding: "
                                         "chunked\r\n\r\nzz\r\n"),
                   GatewayReply::garbage("\x16\x03\x01 no http"), GatewayReply::huge(100)});
  for (int i = 0; i < 9; ++i) {
    const SmsOutcome outcome = sendOne();
    EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable) << i << ": " << outcome.reason;
  }
}

TEST_F(AfricasTalkingTest, ABadRequestOrNoRecipientFailsForGood) {
  gateway_.script(
      {GatewayReply::text(400, "Invalid phone number"),
       GatewayReply::text(201,
                          R"({"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}})")});
  const SmsOutcome bad = sendOne();
  EXPECT_EQ(bad.kind, SmsOutcome::Kind::Permanent);
  EXPECT_NE(bad.reason.find("Invalid phone number"), std::string::npos);
  const SmsOutcome none = sendOne();
  EXPECT_EQ(none.kind, SmsOutcome::Kind::Permanent);
  EXPECT_NE(none.reason.find("InvalidSenderId"), std::string::npos);
}

TEST_F(AfricasTalkingTest, AHangingGatewayTimesOutAsRetryable) {
  GatewayReply hang = GatewayReply::africasTalking(101, "Success");
  hang.delay = std::chrono::seconds(30);
  gateway_.script({hang});
  const auto start = std::chrono::steady_clock::now();
  const SmsOutcome outcome = provider(std::chrono::seconds(1)).send({1, "+254712345678", "hi", ""});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable);
  EXPECT_NE(outcome.reason.find("timed out"), std::string::npos) << outcome.reason;
  EXPECT_LT(took, std::chrono::seconds(10));
  gateway_.releaseDelays();
}

// HTTPS: the gateway's certificate must chain to the system CA store (made to trust the
// test certificate through OpenSSL's SSL_CERT_FILE) and name the host duka connects to.
class AfricasTalkingHttpsTest : public AfricasTalkingTest {
 protected:
  void TearDown() override { ::unsetenv("SSL_CERT_FILE"); }
  std::pair<std::string, std::string> certificate(const std::string& name,
                                                  const std::string& subjectAltName) {
    const std::string cert = dir_.file(name + ".pem"), key = dir_.file(name + ".key");
    const auto [status, output] =
        test::runProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                          "-subj", "/CN=duka test gateway", "-addext",
                          "subjectAltName=" + subjectAltName, "-keyout", key, "-out", cert});
    if (status != 0)
      throw std::runtime_error("openssl failed: " + output);
    return {cert, key};
  }
  SmsOutcome sendTo(const std::string& baseUrl) {
    AfricasTalkingProvider https({"duka-shop", "at-secret-key", baseUrl}, std::chrono::seconds(5),
                                 log_);
    return https.send({3, "+254712345678", "over TLS", ""});
  }
  test::TempDir dir_;
};

TEST_F(AfricasTalkingHttpsTest, TrustsACertificateOfTheCaStore) {
  const auto [cert, key] = certificate("good", "IP:127.0.0.1");
  ::setenv("SSL_CERT_FILE", cert.c_str(), 1);
  test::FakeGateway tls(cert, key);
  const SmsOutcome outcome = sendTo(tls.baseUrl());
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Accepted) << outcome.reason;
  ASSERT_EQ(tls.requests().size(), 1u);
  EXPECT_EQ(tls.requests()[0].header("apiKey"), "at-secret-key");
}

TEST_F(AfricasTalkingHttpsTest, RefusesACertificateOutsideTheCaStore) {
  const auto [cert, key] = certificate("untrusted", "IP:127.0.0.1");
  test::FakeGateway tls(cert, key);
  const SmsOutcome outcome = sendTo(tls.baseUrl());
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable);
  EXPECT_NE(outcome.reason.find("ertificate"), std::string::npos) << outcome.reason;
  EXPECT_TRUE(tls.requests().empty());  // nothing, the key least of all, went out
}

TEST_F(AfricasTalkingHttpsTest, RefusesACertificateForAnotherHost) {
  const auto [cert, key] = certificate("elsewhere", "DNS:api.africastalking.com");
  ::setenv("SSL_CERT_FILE", cert.c_str(), 1);
  test::FakeGateway tls(cert, key);
  const SmsOutcome outcome = sendTo(tls.baseUrl());
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable);
  EXPECT_NE(outcome.reason.find("ertificate"), std::string::npos) << outcome.reason;
  EXPECT_TRUE(tls.requests().empty());
}

TEST_F(AfricasTalkingTest, AnUnreachableGatewayIsRetryable) {
  AfricasTalkingProvider nowhere({"duka-shop", "k", "http://127.0.0.1:1"}, std::chrono::seconds(2),
                                 log_);
  const SmsOutcome outcome = nowhere.send({1, "+254712345678", "hi", ""});
  EXPECT_EQ(outcome.kind, SmsOutcome::Kind::Retryable);
}

}  // namespace
}  // namespace duka::sms
