// examples/sms-twilio built out of tree against the installed SDK alone, loaded into the
// real host next to the shipped plugins, selected with `[sms] provider = twilio`, and sending
// an order's message to a fake Twilio endpoint.
#include <duka/testing/fake_gateway.hpp>
#include <filesystem>
#include <thread>

#include "plugins/shop_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

GatewayReply twilioCreated() {
  GatewayReply reply;
  reply.body = R"({"sid":"SM{n}0000000000000000000000000000","status":"queued",)"
               R"("to":"+254711082000","from":"+15005550006","error_code":null})";
  return reply;
}

GatewayReply twilioError(int status, int code, const std::string& message) {
  GatewayReply reply;
  reply.status = status;
  reply.body = R"({"code":)" + std::to_string(code) + R"(,"message":")" + message +
               R"(","more_info":"https://www.twilio.com/docs/errors/)" + std::to_string(code) +
               R"(","status":)" + std::to_string(status) + "}";
  return reply;
}

class TwilioExampleTest : public ShopTest {
 protected:
  // The ctest fixture examples.twilio_out_of_tree_build puts the library beside the test
  // plugins and the copies of the shipped ones, so that they load together.
  void SetUp() override {
    const std::string library = testPluginDir() + "/libtwilio.so";
    ASSERT_TRUE(std::filesystem::exists(library))
        << library << " is missing: run the ctest fixture examples.twilio_out_of_tree_build";
    ShopTest::SetUp();
  }
  std::string morePlugins() const override { return ", sms, twilio"; }
  std::string moreIni() const override {
    return "[sms]\nprovider = twilio\nretry_base_s = 1\nmax_attempts = 3\n"
           "[twilio]\naccount_sid = AC0123456789abcdef0123456789abcdef\n"
           "auth_token = twilio-auth-token-secret\nfrom = +15005550006\nbase_url = " +
           gateway_.baseUrl() + "\n";
  }

  Poco::JSON::Object::Ptr onlyOutboxRow(const std::string& status) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto rows = client_->get("/api/notifications/", asStaff()).json()->getArray("results");
      if (rows->size() == 1 && rows->getObject(0)->getValue<std::string>("status") == status)
        return rows->getObject(0);
      std::this_thread::sleep_for(50ms);
    }
    throw std::runtime_error("no " + status + " row");
  }

  FakeGateway gateway_;
};

TEST_P(TwilioExampleTest, SendsAnOrdersMessageThroughTwilio) {
  gateway_.setDefault(twilioCreated());
  std::int64_t customer = 0;
  const std::string shopper = ShopTest::shopper("achieng", &customer);
  const auto created =
      client_->post("/api/orders/", orderBody({{item("Sugar", "150.00", 10), 1}}), bearer(shopper));
  ASSERT_EQ(created.status, 201) << created.body;

  const auto row = onlyOutboxRow("sent");
  EXPECT_EQ(row->getValue<std::string>("provider"), "twilio");
  EXPECT_EQ(row->getValue<std::string>("provider_message_id"), "SM10000000000000000000000000000");
  const auto requests = gateway_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path,
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
  // Basic base64("AC...:twilio-auth-token-secret")
  EXPECT_EQ(
      requests[0].header("Authorization"),
      "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0d2lsaW8tYXV0aC10b2tlbi1zZWNyZXQ=");
  EXPECT_EQ(requests[0].field("To"), row->getValue<std::string>("to"));
  EXPECT_EQ(requests[0].field("From"), "+15005550006");
  EXPECT_EQ(requests[0].field("Body"), row->getValue<std::string>("message"));
  EXPECT_EQ(server_->output().find("twilio-auth-token-secret"), std::string::npos);
}

TEST_P(TwilioExampleTest, AnInvalidNumberFailsAndAServerErrorIsRetried) {
  gateway_.script({twilioError(503, 20503, "Service unavailable")});
  gateway_.setDefault(twilioError(400, 21211, "The 'To' number is not a valid phone number."));
  const std::string shopper = ShopTest::shopper("otieno");
  ASSERT_EQ(
      client_->post("/api/orders/", orderBody({{item("Salt", "30.00", 10), 1}}), bearer(shopper))
          .status,
      201);
  const auto row = onlyOutboxRow("failed");
  EXPECT_EQ(row->getValue<int>("attempts"), 2);
  EXPECT_EQ(row->getValue<std::string>("last_error"),
            "HTTP 400: The 'To' number is not a valid phone number.");
}

// A send gets `[sms] send_timeout_s` for its whole call: a gateway that hangs past it is
// given up on, and the message is tried again.
class TwilioTimeoutTest : public TwilioExampleTest {
 protected:
  std::string moreIni() const override {
    std::string ini = TwilioExampleTest::moreIni();
    ini.insert(ini.find("[twilio]"), "send_timeout_s = 1\n");  // into [sms]
    return ini;
  }
};

TEST_P(TwilioTimeoutTest, AGatewayThatHangsPastTheSendTimeoutIsGivenUpOnAndRetried) {
  GatewayReply hanging = twilioCreated();
  hanging.delay = 6s;
  gateway_.script({hanging});
  gateway_.setDefault(twilioCreated());
  const std::string shopper = ShopTest::shopper("wanjiku");
  ASSERT_EQ(
      client_->post("/api/orders/", orderBody({{item("Rice", "90.00", 10), 1}}), bearer(shopper))
          .status,
      201);
  const auto row = onlyOutboxRow("sent");
  EXPECT_EQ(row->getValue<int>("attempts"), 2);
  const auto requests = gateway_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_LT(requests[1].at - requests[0].at, 6s);  // not waited out
  gateway_.releaseDelays();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, TwilioExampleTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });
INSTANTIATE_TEST_SUITE_P(Sqlite, TwilioTimeoutTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
