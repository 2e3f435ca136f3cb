// The ussd plugin through the real binary, on SQLite and PostgreSQL, as Africa's Talking calls
// it: a wrong token is 404; a customer orders in five steps and the order is the API's own
// (stock reserved, audited with the caller as its actor); the repeated final step answers
// the same order; an unknown number registers with its name; 23 items page with "98 More";
// my orders and cancel; bad requests (not a form, no session, no number) are refused and
// garbage input answered; two instances on one PostgreSQL answer alternate steps of one
// session; the end-of-session notification and the metrics.
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <duka/testing/fake_gateway.hpp>
#include <duka/testing/wait_until.hpp>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

constexpr const char* kToken = "ussd-token-0123456789";
constexpr const char* kCaller = "+254711000111";

class UssdTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", ussd"; }
  std::string moreIni() const override {
    return std::string("[ussd]\ncallback_token = ") + kToken + "\nshop_name = Duka la Mama\n";
  }

  static std::string encoded(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "&=+*#", out);
    return out;
  }
  static std::string form(const std::string& session, const std::string& phone,
                          const std::string& text) {
    return "sessionId=" + encoded(session) + "&serviceCode=" + encoded("*384*1#") +
           "&phoneNumber=" + encoded(phone) + "&networkCode=63902&text=" + encoded(text);
  }
  // dial sends one step to the instance on client and answers the body (expecting 200).
  std::string dial(const std::string& text, const std::string& session = "ATUid_1",
                   const std::string& phone = kCaller, HttpClient* via = nullptr) {
    HttpClient& client = via ? *via : *client_;
    const auto response =
        client.post(std::string("/api/ussd/") + kToken + "/", form(session, phone, text), {},
                    "application/x-www-form-urlencoded");
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "text/plain; charset=utf-8");
    return response.body;
  }
  // customerFor makes the caller's customer profile through the API.
  void customerFor(const std::string& phone, const std::string& name) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("name", name);
    body->set("code", "C-" + phone.substr(phone.size() - 4));
    body->set("phone_number", phone);
    ASSERT_EQ(client_->post("/api/customers/", jsonText(body), asStaff()).status, 201);
  }
  Poco::JSON::Array::Ptr orders() {
    return client_->get("/api/orders/", asStaff()).json()->getArray("results");
  }
};

TEST_P(UssdTest, AWrongTokenIs404AndTheRightOneAnswers) {
  const auto wrong = client_->post("/api/ussd/not-the-token-at-all/", form("s", kCaller, ""), {},
                                   "application/x-www-form-urlencoded");
  EXPECT_EQ(wrong.status, 404);
  const auto events = client_->post("/api/ussd/wrong-wrong-wrong-wrong/events/", "x=1", {},
                                    "application/x-www-form-urlencoded");
  EXPECT_EQ(events.status, 404);
  customerFor(kCaller, "Akinyi");
  EXPECT_EQ(dial(""), "CON Duka la Mama\n1 Place an order\n2 My orders\n3 Pay an order");
  // The token never reaches the log.
  EXPECT_EQ(server_->output().find(kToken), std::string::npos);
}

TEST_P(UssdTest, AnOrderInFiveStepsIsTheApisOwnAndTheRepeatedLastStepTheSameOrder) {
  customerFor(kCaller, "Akinyi");
  const std::int64_t sugar = item("Sugar 2kg", "250.00", 10);
  item("Maize flour", "180.00", 5);
  EXPECT_EQ(dial(""), "CON Duka la Mama\n1 Place an order\n2 My orders\n3 Pay an order");
  EXPECT_EQ(dial("1"), "CON Items, KES:\n1 Maize flour 180.00\n2 Sugar 2kg 250.00\n0 Back");
  EXPECT_EQ(dial("1*2"), "CON Sugar 2kg, KES 250.00\nQuantity? (1-20)");
  EXPECT_EQ(dial("1*2*3"), "CON 3 x Sugar 2kg\nTotal KES 750.00\n1 Confirm\n2 Cancel");
  const std::string placed = dial("1*2*3*1");
  ASSERT_EQ(placed.substr(0, 11), "END Order #") << placed;
  EXPECT_EQ(dial("1*2*3*1"), placed);  // Africa's Talking repeats it: the same order
  ASSERT_EQ(orders()->size(), 1u);
  const auto order = orders()->getObject(0);
  EXPECT_EQ(order->getValue<std::string>("total"), "750.00");
  EXPECT_EQ(order->getValue<std::string>("status"), "pending");
  EXPECT_EQ(stock(sugar)->getValue<int>("reserved"), 3);
  const std::string id = std::to_string(order->getValue<Poco::Int64>("id"));
  EXPECT_NE(placed.find("#" + id + " placed, KES 750.00"), std::string::npos) << placed;
  const auto history = client_->get("/api/orders/" + id + "/history/", asStaff()).json();
  EXPECT_EQ(history->getArray("results")->getObject(0)->getValue<std::string>("actor"),
            std::string("ussd:") + kCaller);
  // Another session orders again.
  dial("1*2*1*1", "ATUid_2");
  EXPECT_EQ(orders()->size(), 2u);

  // My orders, and cancel while pending.
  const std::string mine = dial("2", "ATUid_3");
  EXPECT_NE(mine.find("1 #"), std::string::npos) << mine;
  EXPECT_EQ(dial("2*2*1", "ATUid_3"), "END Order #" + id + " cancelled.");
  EXPECT_EQ(
      client_->get("/api/orders/" + id + "/", asStaff()).json()->getValue<std::string>("status"),
      "cancelled");
  EXPECT_EQ(stock(sugar)->getValue<int>("reserved"), 1);
}

// Also when the order took the last of the item, or more than is left: the replay counts the
// stock the session's own order holds.
TEST_P(UssdTest, TheRepeatedLastStepIsTheSameOrderAfterItTookTheLastOfTheStock) {
  customerFor(kCaller, "Akinyi");
  const std::int64_t salt = item("Salt", "30.00", 2);
  const std::int64_t tea = item("Tea", "90.00", 10);
  const std::string placed = dial("1*1*2*1");
  ASSERT_EQ(placed.substr(0, 11), "END Order #") << placed;
  EXPECT_EQ(dial("1*1*2*1"), placed);
  const std::string more = dial("1*2*7*1", "ATUid_2");  // 7 of 10: 3 left
  ASSERT_EQ(more.substr(0, 11), "END Order #") << more;
  EXPECT_EQ(dial("1*2*7*1", "ATUid_2"), more);
  EXPECT_EQ(orders()->size(), 2u);
  EXPECT_EQ(stock(salt)->getValue<int>("reserved"), 2);
  EXPECT_EQ(stock(tea)->getValue<int>("reserved"), 7);
  // Another session is told what is left.
  EXPECT_EQ(dial("1*2*7", "ATUid_3"), "CON Only 3 left.\nTea, KES 90.00\nQuantity? (1-20)");
}

TEST_P(UssdTest, AnUnknownNumberRegistersWithItsName) {
  item("Tea leaves", "90.00", 10);
  const std::string stranger = "+254722000222";
  EXPECT_EQ(dial("", "r1", stranger), "CON Welcome to Duka la Mama.\nEnter your name to register:");
  EXPECT_EQ(dial("Wanjiru Kamau", "r1", stranger),
            "CON Duka la Mama\n1 Place an order\n2 My orders\n3 Pay an order");
  EXPECT_EQ(dial("Wanjiru Kamau*1", "r1", stranger), "CON Items, KES:\n1 Tea leaves 90.00\n0 Back");
  const auto customers = client_->get("/api/customers/?search=Wanjiru", asStaff()).json();
  ASSERT_EQ(customers->getValue<int>("count"), 1);
  const auto customer = customers->getArray("results")->getObject(0);
  EXPECT_EQ(customer->getValue<std::string>("phone_number"), stranger);
  EXPECT_EQ(customer->getValue<std::string>("code"), "P254722000222");
  const std::string done = dial("Wanjiru Kamau*1*1*2*1", "r1", stranger);
  EXPECT_EQ(done.substr(0, 11), "END Order #") << done;
  EXPECT_EQ(orders()->getObject(0)->getValue<Poco::Int64>("customer_id"),
            customer->getValue<Poco::Int64>("id"));
}

TEST_P(UssdTest, TwentyThreeItemsPageWith98More) {
  customerFor(kCaller, "Akinyi");
  std::set<std::string> seen;
  for (int i = 0; i < 23; ++i)
    item("Item " + std::string(1, static_cast<char>('A' + i)), "1.00", 5);
  std::string text = "1";
  for (int page = 0; page < 10; ++page) {
    const std::string screen = dial(text);
    ASSERT_EQ(screen.substr(0, 4), "CON ");
    for (char c = 'A'; c <= 'W'; ++c) {
      if (screen.find(std::string("Item ") + c + " ") != std::string::npos) {
        EXPECT_TRUE(seen.insert(std::string(1, c)).second) << "listed twice: " << c;
      }
    }
    if (screen.find("98 More") == std::string::npos)
      break;
    text += "*98";
  }
  EXPECT_EQ(seen.size(), 23u);
}

TEST_P(UssdTest, BadRequestsAreRefusedAndGarbageInputAnswered) {
  customerFor(kCaller, "Akinyi");
  const std::string path = std::string("/api/ussd/") + kToken + "/";
  EXPECT_EQ(client_->post(path, R"({"sessionId":"x"})").status, 415);
  EXPECT_EQ(
      client_->post(path, "phoneNumber=%2B254711000111", {}, "application/x-www-form-urlencoded")
          .status,
      422);
  EXPECT_EQ(client_
                ->post(path, "sessionId=x&phoneNumber=not-a-number", {},
                       "application/x-www-form-urlencoded")
                .status,
            422);
  for (const std::string& text : {std::string(1000, '1'), std::string(300, '*'),
                                  std::string("1*-1"), std::string("1*1*99999999999999999999"),
                                  std::string("abc*def"), std::string("00*0*98*98")}) {
    const std::string answer = dial(text);
    EXPECT_TRUE(answer.rfind("CON ", 0) == 0 || answer.rfind("END ", 0) == 0) << answer;
    EXPECT_LE(answer.size(), 182u * 2);
  }
  EXPECT_EQ(dial(std::string(600, '1')), "END Too many steps. Please dial again.");
  // Bytes that are not UTF-8 are not from Africa's Talking.
  EXPECT_EQ(
      client_->post(path, form("s", kCaller, "1*\xff\xfe"), {}, "application/x-www-form-urlencoded")
          .status,
      422);
}

TEST_P(UssdTest, TheEndOfSessionNotificationAndTheMetrics) {
  customerFor(kCaller, "Akinyi");
  dial("");
  dial("9");
  const auto ended = client_->post(std::string("/api/ussd/") + kToken + "/events/",
                                   "sessionId=ATUid_1&status=Success&duration=12", {},
                                   "application/x-www-form-urlencoded");
  EXPECT_EQ(ended.status, 200);
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("duka_ussd_requests_total{outcome=\"continued\"} 2"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("duka_ussd_sessions_ended_total 1"), std::string::npos);
}

// Several instances share one PostgreSQL database: a session's steps may reach any of them.
TEST_P(UssdTest, TwoInstancesAnswerAlternateStepsOfOneSession) {
  if (GetParam() != Backend::Postgresql)
    GTEST_SKIP() << "several instances share a PostgreSQL database (SQLite serves one)";
  customerFor(kCaller, "Akinyi");
  item("Sugar 2kg", "250.00", 10);
  auto other = DukaProcess::start(
      serverIni(db_->iniSection(), testPluginDir(),
                "auth, customers, inventory, orders, audit, event_recorder, ussd",
                "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni()));
  HttpClient second(other->port());
  const std::vector<std::string> steps{"", "1", "1*1", "1*1*2", "1*1*2*1"};
  std::string last;
  for (std::size_t i = 0; i < steps.size(); ++i)
    last = dial(steps[i], "ATUid_9", kCaller, i % 2 ? &second : client_.get());
  EXPECT_EQ(last.substr(0, 11), "END Order #") << last;
  // The final step again, at both instances at once: still one order.
  std::thread a([&] { dial("1*1*2*1", "ATUid_9", kCaller, client_.get()); });
  HttpClient third(other->port());
  dial("1*1*2*1", "ATUid_9", kCaller, &third);
  a.join();
  EXPECT_EQ(orders()->size(), 1u);
}

DUKA_SERVER_BACKENDS(UssdTest);

// With mpesa enabled (a fake Daraja on 127.0.0.1): "Pay now" sends the STK push to the
// caller's phone, and Daraja's callback pays the order, as the API's own push does.
class UssdMpesaTest : public UssdTest {
 protected:
  UssdMpesaTest() {
    daraja_.setDefaultFor("/oauth/v1/generate",
                          json(200, R"({"access_token":"tok-{n}","expires_in":"3599"})"));
    daraja_.setDefaultFor("/mpesa/stkpush/v1/processrequest",
                          json(200, R"({"MerchantRequestID":"m-{n}","CheckoutRequestID":)"
                                    R"("ws_CO_{n}","ResponseCode":"0","ResponseDescription":)"
                                    R"("Success","CustomerMessage":"Success."})"));
    daraja_.setDefaultFor("/mpesa/stkpushquery/v1/query",
                          json(500, R"({"errorCode":"500.001.1001","errorMessage":"processing"})"));
  }
  static GatewayReply json(int status, const std::string& body) {
    GatewayReply reply = GatewayReply::text(status, body);
    reply.contentType = "application/json";
    return reply;
  }
  std::string morePlugins() const override { return ", ussd, mpesa"; }
  std::string moreIni() const override {
    return UssdTest::moreIni() + "[mpesa]\nbase_url = " + daraja_.baseUrl() +
           "\nconsumer_key = consumer-key\nconsumer_secret = consumer-secret-never-shown"
           "\npasskey = passkey-never-shown-0123\ncallback_base_url = "
           "https://shop.example.co.ke\ncallback_token = mpesa-callback-token-0123"
           "\nconfirm_callbacks = false\nquery_after_s = 60\ntimeout_s = 2\n";
  }

  FakeGateway daraja_;
};

TEST_P(UssdMpesaTest, AnOrderPlacedAndPaidFromAFeaturePhone) {
  customerFor(kCaller, "Akinyi");
  item("Sugar 2kg", "250.00", 10);
  EXPECT_EQ(dial("1*1*2*1").rfind("CON Order #", 0), 0u);
  EXPECT_NE(dial("1*1*2*1").find("\n1 Pay now with M-Pesa\n2 Pay later"), std::string::npos);
  const std::string paid = dial("1*1*2*1*1");
  const auto order = orders()->getObject(0);
  const std::string id = std::to_string(order->getValue<Poco::Int64>("id"));
  EXPECT_EQ(paid, "END Check your phone to pay KES 500.00 for order #" + id + ".");
  const auto pushes = daraja_.requestsTo("/mpesa/stkpush/v1/processrequest");
  ASSERT_EQ(pushes.size(), 1u);
  const auto push = Poco::JSON::Parser().parse(pushes[0].body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(push->getValue<std::string>("PhoneNumber"), "254711000111");
  EXPECT_EQ(push->getValue<std::string>("Amount"), "500");
  // Daraja's callback pays the order.
  const auto payments =
      client_->get("/api/payments/?order_id=" + id, asStaff()).json()->getArray("results");
  ASSERT_EQ(payments->size(), 1u);
  const std::string checkout = payments->getObject(0)->getValue<std::string>("checkout_request_id");
  const std::string callback =
      R"({"Body":{"stkCallback":{"MerchantRequestID":"m","CheckoutRequestID":")" + checkout +
      R"(","ResultCode":0,"ResultDesc":"ok","CallbackMetadata":{"Item":[{"Name":"Amount",)"
      R"("Value":500},{"Name":"MpesaReceiptNumber","Value":"QK11AB2CD3"},{"Name":)"
      R"("TransactionDate","Value":20261206101010},{"Name":"PhoneNumber","Value":254711000111}]}}}})";
  ASSERT_EQ(client_->post("/api/payments/stk/callback/mpesa-callback-token-0123/", callback).status,
            200);
  EXPECT_EQ(client_->get("/api/orders/" + id + "/", asStaff())
                .json()
                ->getValue<std::string>("payment_status"),
            "paid");
  // Nothing is left to pay.
  EXPECT_EQ(dial("3", "ATUid_5"), "CON You have no order to pay.\n0 Back");
  // Pay an order later through "3".
  dial("1*1*1*1*2", "ATUid_6");
  const std::string later = dial("3*1", "ATUid_7");
  EXPECT_EQ(later.rfind("END Check your phone to pay KES 250.00 for order #", 0), 0u) << later;
  EXPECT_EQ(daraja_.requestsTo("/mpesa/stkpush/v1/processrequest").size(), 2u);
  // The step again (Africa's Talking retries), or another session, while the push waits:
  // the phone has the request already; Daraja is not asked twice.
  EXPECT_EQ(dial("3*1", "ATUid_7").rfind("END A request to pay order #", 0), 0u);
  EXPECT_EQ(daraja_.requestsTo("/mpesa/stkpush/v1/processrequest").size(), 2u);
  // Daraja refusing is said plainly.
  daraja_.setDefaultFor("/mpesa/stkpush/v1/processrequest",
                        json(400, R"({"errorCode":"400.002.02","errorMessage":"Bad Request"})"));
  dial("1*1*1*1*2", "ATUid_9");
  EXPECT_EQ(dial("3*1", "ATUid_10"), "END M-Pesa cannot take this payment now. Please try later.");
}

DUKA_SERVER_BACKENDS(UssdMpesaTest);

}  // namespace
}  // namespace duka::test
