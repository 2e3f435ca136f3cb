// SMS commands (SPEC 12) through the real binary, on SQLite and PostgreSQL: STOP opts the
// customer out (sms_opt_out, customer.sms_opted_out audited) and an order then sends no SMS;
// START opts back in; STATUS answers the latest or the named order, and never another
// customer's; anything else gets help; a message id seen before is ignored; a wrong token
// is 404 and bad forms 422; every reply goes through the outbox to the sender.
#include "sms_commands.hpp"

#include <Poco/URI.h>

#include <duka/testing/wait_until.hpp>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kInboundToken = "inbound-token-0123456789";

TEST(SmsCommandWords, TheFirstWordInCapitalsAndTheRestTrimmed) {
  EXPECT_EQ(sms::commandOf("stop"), std::make_pair(std::string("STOP"), std::string()));
  EXPECT_EQ(sms::commandOf("  Status   #12  "),
            std::make_pair(std::string("STATUS"), std::string("#12")));
  EXPECT_EQ(sms::commandOf("\n"), std::make_pair(std::string(), std::string()));
  EXPECT_EQ(sms::commandOf("hello there friend"),
            std::make_pair(std::string("HELLO"), std::string("there friend")));
}

class SmsCommandsTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", sms"; }
  std::string moreIni() const override {
    return std::string("[sms]\nprovider = log\ninbound_token = ") + kInboundToken + "\n";
  }

  HttpResponse text(const std::string& from, const std::string& message, const std::string& id,
                    const std::string& token = kInboundToken) {
    std::string form;
    Poco::URI::encode(message, "&=+#", form);
    std::string sender;
    Poco::URI::encode(from, "+", sender);
    return client_->post(
        "/api/sms/inbound/" + token + "/",
        "from=" + sender + "&to=22384&text=" + form + "&date=2026-12-06&id=" + id + "&linkId=", {},
        "application/x-www-form-urlencoded");
  }
  // repliesTo is every message the outbox holds for number, oldest first.
  std::vector<std::string> repliesTo(const std::string& number) {
    const auto rows =
        client_->get("/api/notifications/?limit=100&to=%2B" + number.substr(1), asStaff())
            .json()
            ->getArray("results");
    std::vector<std::string> bodies;
    for (std::size_t i = rows->size(); i-- > 0;)
      bodies.push_back(rows->getObject(i)->getValue<std::string>("message"));
    return bodies;
  }
  std::string phoneOf(std::int64_t customer) {
    return client_->get("/api/customers/" + std::to_string(customer) + "/", asStaff())
        .json()
        ->getValue<std::string>("phone_number");
  }
};

TEST_P(SmsCommandsTest, StopSilencesTheCustomerUntilStart) {
  std::int64_t customer = 0;
  const std::string buyer = shopper("baraka", &customer);
  const std::string phone = phoneOf(customer);
  const std::int64_t rice = item("Rice", "120.00", 50);
  const auto stop = text(phone, "stop", "ATXid_1");
  ASSERT_EQ(stop.status, 200) << stop.body;
  EXPECT_EQ(stop.json()->getValue<std::string>("command"), "stop");
  const auto shown = client_->get("/api/customers/" + std::to_string(customer) + "/", asStaff());
  EXPECT_TRUE(shown.json()->getValue<bool>("sms_opt_out"));
  EXPECT_EQ(
      repliesTo(phone),
      std::vector<std::string>{"You will get no more SMS from us. Send START to get them again."});
  const auto optedOut = client_->get("/api/audit/?action=customer.sms_opted_out", asStaff()).json();
  ASSERT_EQ(optedOut->getValue<int>("count"), 1);
  EXPECT_EQ(optedOut->getArray("results")->getObject(0)->getValue<std::string>("actor"),
            "sms:" + phone);
  // An order now sends the customer nothing.
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{rice, 1}}), bearer(buyer)).status, 201);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(repliesTo(phone).size(), 1u);

  ASSERT_EQ(text(phone, "START", "ATXid_2").status, 200);
  EXPECT_FALSE(client_->get("/api/customers/" + std::to_string(customer) + "/", asStaff())
                   .json()
                   ->getValue<bool>("sms_opt_out"));
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{rice, 1}}), bearer(buyer)).status, 201);
  EXPECT_TRUE(waitUntil([&] { return repliesTo(phone).size() == 3; })) << repliesTo(phone).size();
  EXPECT_EQ(repliesTo(phone)[1], "Welcome back: you will get SMS about your orders again.");
  EXPECT_EQ(client_->get("/api/audit/?action=customer.sms_opted_in", asStaff())
                .json()
                ->getValue<int>("count"),
            1);
}

TEST_P(SmsCommandsTest, StatusAnswersTheLatestOrTheNamedOrderAndNeverAnothers) {
  std::int64_t customer = 0, other = 0;
  const std::string buyer = shopper("chebet", &customer);
  const std::string stranger = shopper("otieno", &other);
  const std::string phone = phoneOf(customer);
  const std::int64_t tea = item("Tea", "45.50", 50);
  EXPECT_EQ(text(phone, "status", "s1").status, 200);
  const auto first = client_->post("/api/orders/", orderBody({{tea, 2}}), bearer(buyer));
  const auto second = client_->post("/api/orders/", orderBody({{tea, 1}}), bearer(buyer));
  const auto theirs = client_->post("/api/orders/", orderBody({{tea, 1}}), bearer(stranger));
  const std::string firstId = std::to_string(first.json()->getValue<Poco::Int64>("id"));
  const std::string secondId = std::to_string(second.json()->getValue<Poco::Int64>("id"));
  const std::string theirId = std::to_string(theirs.json()->getValue<Poco::Int64>("id"));
  EXPECT_EQ(text(phone, "Status", "s2").status, 200);
  EXPECT_EQ(text(phone, "STATUS " + firstId, "s3").status, 200);
  EXPECT_EQ(text(phone, "status #" + theirId, "s4").status, 200);
  EXPECT_EQ(text(phone, "status abc", "s5").status, 200);
  EXPECT_EQ(text(phone, "what?", "s6").json()->getValue<std::string>("command"), "help");
  EXPECT_EQ(text("+254799999999", "status", "s7").status, 200);
  ASSERT_TRUE(waitUntil([&] { return repliesTo(phone).size() >= 8; }));
  const auto replies = repliesTo(phone);
  std::vector<std::string> commands;
  for (const auto& reply : replies) {
    if (reply.rfind("Dear", 0) != 0)  // the order_created messages between
      commands.push_back(reply);
  }
  ASSERT_EQ(commands.size(), 6u) << commands.size();
  EXPECT_EQ(commands[0], "You have no orders yet.");
  EXPECT_EQ(commands[1], "Order #" + secondId + ": pending, KES 45.50, unpaid.");
  EXPECT_EQ(commands[2], "Order #" + firstId + ": pending, KES 91.00, unpaid.");
  EXPECT_EQ(commands[3], "No order #" + theirId + " for this number.");
  EXPECT_EQ(commands[4], "No order for this number.");
  EXPECT_EQ(commands[5].rfind("Send STATUS for your latest order", 0), 0u) << commands[5];
  EXPECT_EQ(repliesTo("+254799999999"), std::vector<std::string>{"No customer has this number."});
}

TEST_P(SmsCommandsTest, ARepeatedIdIsIgnoredAndBadRequestsAreRefused) {
  std::int64_t customer = 0;
  shopper("njoki", &customer);
  const std::string phone = phoneOf(customer);
  EXPECT_FALSE(text(phone, "STOP", "dup-1").json()->getValue<bool>("duplicate"));
  EXPECT_TRUE(text(phone, "START", "dup-1").json()->getValue<bool>("duplicate"));
  EXPECT_TRUE(client_->get("/api/customers/" + std::to_string(customer) + "/", asStaff())
                  .json()
                  ->getValue<bool>("sms_opt_out"));  // the START was ignored
  EXPECT_EQ(repliesTo(phone).size(), 1u);

  EXPECT_EQ(text(phone, "STOP", "x1", "not-the-inbound-token-at-all").status, 404);
  EXPECT_EQ(
      client_->post(std::string("/api/sms/inbound/") + kInboundToken + "/", R"({"a":1})").status,
      415);
  const auto noId =
      client_->post(std::string("/api/sms/inbound/") + kInboundToken + "/",
                    "from=%2B254711000001&text=STOP", {}, "application/x-www-form-urlencoded");
  EXPECT_EQ(noId.status, 422);
  EXPECT_EQ(text("not a number", "STOP", "x2").status, 422);
  EXPECT_EQ(text(phone, std::string(3000, 'x'), "x3").status, 422);
  EXPECT_EQ(server_->output().find(kInboundToken), std::string::npos);
}

// Off unless [sms] inbound_token is set.
class SmsCommandsOffTest : public SmsCommandsTest {
 protected:
  std::string moreIni() const override { return "[sms]\nprovider = log\n"; }
};

TEST_P(SmsCommandsOffTest, WithoutAnInboundTokenTheRouteIs404) {
  EXPECT_EQ(text("+254711000001", "STOP", "x", "").status, 404);
  EXPECT_EQ(text("+254711000001", "STOP", "x").status, 404);
}

DUKA_SERVER_BACKENDS(SmsCommandsTest);
INSTANTIATE_TEST_SUITE_P(Sqlite, SmsCommandsOffTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
