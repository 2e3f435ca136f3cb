// The sms plugin through the real binary and a fake Africa's Talking gateway, on SQLite and
// PostgreSQL: the messages of the order and stock events, the exact gateway request, retry
// and failure, delivery reports, the staff's outbox view, a hanging gateway that must not
// slow the API, SIGTERM, kill -9, and two instances sharing one PostgreSQL database.
#include <Poco/URI.h>

#include <duka/testing/fake_gateway.hpp>
#include <set>
#include <thread>

#include "plugins/shop_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kReportToken = "report-token-0123456789";

class SmsTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", sms"; }
  std::string moreIni() const override { return smsIni(); }

  std::string smsIni(const std::string& smsKeys = "") const {
    return "[sms]\nprovider = africastalking\nsender_id = DUKA\nretry_base_s = 1\n"
           "retry_max_s = 2\nmax_attempts = 3\nsend_timeout_s = 2\n"
           "staff_numbers = +254700000001, +254700000002\n"
           "delivery_report_token = " +
           std::string(kReportToken) + "\n" + smsKeys +
           "[sms.africastalking]\nusername = duka-test\napi_key = test-api-key-secret\n"
           "base_url = " +
           gateway_.baseUrl() + "\n";
  }

  // startAnother starts one more duka on this test's database with other [sms] keys.
  std::unique_ptr<DukaProcess> startAnother(const std::string& smsKeys = "") const {
    return DukaProcess::start(serverIni(
        db_->iniSection(), testPluginDir(), "auth, customers, inventory, orders, audit, sms",
        "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + smsIni(smsKeys)));
  }

  // restartWith stops duka and starts it again on the same database with other [sms] keys.
  void restartWith(const std::string& smsKeys) {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << server_->output();
    }
    server_ = startAnother(smsKeys);
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // sendsByMessage counts the gateway's requests by message text.
  std::map<std::string, int> sendsByMessage() const {
    std::map<std::string, int> sends;
    for (const auto& request : gateway_.requests())
      ++sends[request.field("message")];
    return sends;
  }

  std::int64_t order(const std::string& token, std::int64_t item, std::int64_t quantity = 1) {
    const auto created =
        client_->post("/api/orders/", orderBody({{item, quantity}}), bearer(token));
    if (created.status != 201)
      throw std::runtime_error("order: " + created.body);
    return created.json()->getValue<Poco::Int64>("id");
  }

  Poco::JSON::Array::Ptr outbox(const std::string& query = "") {
    const auto response = client_->get("/api/notifications/?limit=200" + query, asStaff());
    if (response.status != 200)
      throw std::runtime_error("notifications: " + response.body);
    return response.json()->getArray("results");
  }

  // waitForOutbox waits until every row has one of the given statuses, and there are n.
  Poco::JSON::Array::Ptr waitForOutbox(std::size_t n, const std::set<std::string>& statuses,
                                       std::chrono::seconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Poco::JSON::Array::Ptr rows;
    while (std::chrono::steady_clock::now() < deadline) {
      rows = outbox();
      bool all = rows->size() == n;
      for (std::size_t i = 0; all && i < rows->size(); ++i)
        all = statuses.count(rows->getObject(i)->getValue<std::string>("status")) > 0;
      if (all)
        return rows;
      std::this_thread::sleep_for(50ms);
    }
    std::ostringstream out;
    rows->stringify(out);
    throw std::runtime_error("the outbox did not settle: " + out.str());
  }

  std::string phoneOf(std::int64_t customer) {
    return client_->get("/api/customers/" + std::to_string(customer) + "/", asStaff())
        .json()
        ->getValue<std::string>("phone_number");
  }

  HttpResponse report(const std::string& form, const std::string& token = kReportToken,
                      const std::string& type = "application/x-www-form-urlencoded") {
    return client_->post("/api/sms/delivery-report/?token=" + token, form, {}, type);
  }

  FakeGateway gateway_;
};

TEST_P(SmsTest, AnOrderSendsTheCustomerTheExactGatewayRequest) {
  std::int64_t customer = 0;
  const std::string shopper = ShopTest::shopper("wanjiru", &customer);
  const std::int64_t sugar = item("Sugar", "150.00", 100);
  const std::int64_t id = order(shopper, sugar, 2);

  const auto rows = waitForOutbox(1, {"sent"});
  const auto row = rows->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("event"), "order.created");
  EXPECT_EQ(row->getValue<std::string>("to"), phoneOf(customer));
  EXPECT_EQ(row->getValue<std::string>("message"),
            "Dear wanjiru, your order #" + std::to_string(id) + " has been placed.");
  EXPECT_EQ(row->getValue<int>("attempts"), 1);
  EXPECT_EQ(row->getValue<std::string>("provider"), "africastalking");
  EXPECT_EQ(row->getValue<std::string>("provider_message_id"), "ATXid_1");
  EXPECT_TRUE(row->isNull("last_error"));
  EXPECT_FALSE(row->isNull("sent_at"));

  const auto requests = gateway_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/version1/messaging");
  EXPECT_EQ(requests[0].header("apiKey"), "test-api-key-secret");
  EXPECT_EQ(requests[0].header("Accept"), "application/json");
  EXPECT_EQ(requests[0].field("username"), "duka-test");
  EXPECT_EQ(requests[0].field("to"), phoneOf(customer));
  EXPECT_EQ(requests[0].field("message"), row->getValue<std::string>("message"));
  EXPECT_EQ(requests[0].field("from"), "DUKA");
  // The API key never reaches the log.
  EXPECT_EQ(server_->output().find("test-api-key-secret"), std::string::npos);
}

TEST_P(SmsTest, EveryOrderTransitionMessagesTheCustomer) {
  const std::string shopper = ShopTest::shopper("baraka");
  const std::int64_t flour = item("Flour", "80.00", 100);
  const std::string a = std::to_string(order(shopper, flour)),
                    b = std::to_string(order(shopper, flour));
  ASSERT_EQ(client_->request("PUT", "/api/orders/" + a + "/approve/", "", asStaff()).status, 200);
  ASSERT_EQ(client_->request("PUT", "/api/orders/" + a + "/fulfil/", "", asStaff()).status, 200);
  ASSERT_EQ(client_->request("PUT", "/api/orders/" + b + "/cancel/", "", bearer(shopper)).status,
            200);
  const auto rows = waitForOutbox(5, {"sent"});
  std::multiset<std::string> events;
  for (std::size_t i = 0; i < rows->size(); ++i)
    events.insert(rows->getObject(i)->getValue<std::string>("event"));
  EXPECT_EQ(events, (std::multiset<std::string>{"order.created", "order.created", "order.approved",
                                                "order.fulfilled", "order.cancelled"}));
  EXPECT_EQ(outbox("&status=sent")->size(), 5u);
}

TEST_P(SmsTest, AFailedOrderQueuesNoMessage) {
  const std::string shopper = ShopTest::shopper("zawadi");
  const std::int64_t rice = item("Rice", "200.00", 1, 0);
  const auto refused = client_->post("/api/orders/", orderBody({{rice, 5}}), bearer(shopper));
  ASSERT_EQ(refused.status, 409) << refused.body;
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(outbox()->size(), 0u);
  EXPECT_EQ(gateway_.requests().size(), 0u);
}

TEST_P(SmsTest, StockAlertsGoToEveryStaffNumber) {
  const std::string shopper = ShopTest::shopper("juma");
  const std::int64_t salt = item("Salt ✓", "30.00", 7, 5);  // 7 available, warn at 5
  order(shopper, salt, 3);                                  // 4 left: low stock
  order(shopper, salt, 4);                                  // 0 left: out of stock
  const auto rows = waitForOutbox(2 + 2 * 2, {"sent"});
  std::multiset<std::string> alerts;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto row = rows->getObject(i);
    if (row->getValue<std::string>("event").rfind("inventory.", 0) == 0)
      alerts.insert(row->getValue<std::string>("to") + " " + row->getValue<std::string>("message"));
  }
  EXPECT_EQ(alerts, (std::multiset<std::string>{"+254700000001 Low stock: Salt ✓ has 4 left.",
                                                "+254700000002 Low stock: Salt ✓ has 4 left.",
                                                "+254700000001 Out of stock: Salt ✓.",
                                                "+254700000002 Out of stock: Salt ✓."}));
}

TEST_P(SmsTest, RetriesWithBackoffThenSends) {
  gateway_.script(
      {GatewayReply::text(500, "down"), GatewayReply::africasTalking(405, "InsufficientBalance")});
  const std::string shopper = ShopTest::shopper("neema");
  order(shopper, item("Tea", "10.00", 10));
  const auto rows = waitForOutbox(1, {"sent"});
  EXPECT_EQ(rows->getObject(0)->getValue<int>("attempts"), 3);
  EXPECT_EQ(rows->getObject(0)->getValue<std::string>("provider_message_id"), "ATXid_3");
  const auto requests = gateway_.requests();
  ASSERT_EQ(requests.size(), 3u);
  // retry_base_s = 1: the first wait is 0.5-1 s, the second 1-2 s (the cap is 2 s).
  EXPECT_GE(requests[1].at - requests[0].at, 450ms);
  EXPECT_GE(requests[2].at - requests[1].at, 950ms);
  EXPECT_LT(requests[2].at - requests[1].at, 5s);
  for (const auto& request : requests)
    EXPECT_EQ(request.field("message"), requests[0].field("message"));
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("# TYPE duka_sms_messages_total counter\n"), std::string::npos);
  EXPECT_NE(
      metrics.find("duka_sms_messages_total{provider=\"africastalking\",outcome=\"sent\"} 1\n"),
      std::string::npos)
      << metrics;
  EXPECT_NE(
      metrics.find("duka_sms_messages_total{provider=\"africastalking\",outcome=\"retried\"} 2\n"),
      std::string::npos);
}

TEST_P(SmsTest, AGatewayAnswering100MegabytesOrGarbageIsRetriedWithMemoryBounded) {
  // The first attempts meet an answer of 100 MB and bytes that are no HTTP: each is a
  // failed call (duka reads at most 1 MiB of an answer), retried, and the message goes.
  gateway_.script({GatewayReply::huge(100), GatewayReply::garbage("\x00\xff\x16 junk\r\n\r\n")});
  const std::size_t before = server_->residentKib();
  const std::size_t filesBefore = server_->openFiles();
  order(ShopTest::shopper("baraka"), item("Salt", "30.00", 10));
  const auto rows = waitForOutbox(1, {"sent"});
  EXPECT_EQ(rows->getObject(0)->getValue<int>("attempts"), 3);
  EXPECT_EQ(gateway_.requests().size(), 3u);
  EXPECT_LT(server_->residentKib(), before + 16 * 1024) << "KiB before: " << before;
  EXPECT_LE(server_->openFiles(), filesBefore + 2);  // no connection left open
  EXPECT_EQ(client_->get("/ready").status, 200);
}

TEST_P(SmsTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  gateway_.setDefault(GatewayReply::text(502, "bad gateway"));
  order(ShopTest::shopper("amani"), item("Soap", "45.00", 10));
  const auto rows = waitForOutbox(1, {"failed"});
  const auto row = rows->getObject(0);
  EXPECT_EQ(row->getValue<int>("attempts"), 3);
  EXPECT_EQ(row->getValue<std::string>("last_error"), "gave up after 3 attempts: HTTP 502");
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_.requests().size(), 3u);
  EXPECT_NE(
      client_->get("/metrics")
          .body.find("duka_sms_messages_total{provider=\"africastalking\",outcome=\"failed\"} 1\n"),
      std::string::npos);
}

TEST_P(SmsTest, APermanentFailureIsNotRetried) {
  gateway_.setDefault(GatewayReply::africasTalking(403, "InvalidPhoneNumber"));
  order(ShopTest::shopper("imara"), item("Milk", "60.00", 10));
  const auto row = waitForOutbox(1, {"failed"})->getObject(0);
  EXPECT_EQ(row->getValue<int>("attempts"), 1);
  EXPECT_EQ(row->getValue<std::string>("last_error"), "InvalidPhoneNumber (403)");
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_.requests().size(), 1u);
}

TEST_P(SmsTest, AnHttp401IsRetriedAndNamesTheSettings) {
  gateway_.script({GatewayReply::text(401, "The supplied authentication is invalid")});
  order(ShopTest::shopper("tumaini"), item("Bread", "55.00", 10));
  EXPECT_EQ(waitForOutbox(1, {"sent"})->getObject(0)->getValue<int>("attempts"), 2);
  EXPECT_NE(server_->output().find("check [sms.africastalking] username and api_key"),
            std::string::npos);
  EXPECT_EQ(server_->output().find("test-api-key-secret"), std::string::npos);
}

TEST_P(SmsTest, AHangingGatewayDoesNotSlowOrders) {
  GatewayReply hang = GatewayReply::africasTalking(101, "Success");
  hang.delay = 60s;
  gateway_.setDefault(hang);
  const std::string shopper = ShopTest::shopper("subira");
  const std::int64_t oil = item("Oil", "300.00", 100);
  order(shopper, oil);
  ASSERT_TRUE(gateway_.waitForRequests(1, 10s));  // the dispatcher is now stuck in a send
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    order(shopper, oil);
    // send_timeout_s is 2: an order that waited for the provider would take that long.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms) << "order " << i;
  }
  EXPECT_EQ(gateway_.answered(), 0u);
  // One row sending, five queued behind it.
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("duka_sms_outbox_depth 6"), std::string::npos) << metrics;
  gateway_.setDefault(GatewayReply::africasTalking(101, "Success"));
  gateway_.releaseDelays();
  waitForOutbox(6, {"sent"}, 30s);
}

TEST_P(SmsTest, DeliveryReportsUpdateTheRowByMessageId) {
  const std::string shopper = ShopTest::shopper("halima");
  const std::int64_t beans = item("Beans", "120.00", 10);
  order(shopper, beans);
  order(shopper, beans);
  waitForOutbox(2, {"sent"});
  const auto delivered =
      report("id=ATXid_1&status=Success&phoneNumber=%2B254711082000&networkCode=63902");
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  EXPECT_EQ(delivered.json()->getValue<int>("updated"), 1);
  ASSERT_EQ(report("id=ATXid_2&status=Failed&failureReason=UserInBlacklist&phoneNumber=x").status,
            200);
  // A report that arrives late ("Buffered" after "Success") leaves the row delivered.
  EXPECT_EQ(report("id=ATXid_1&status=Buffered").json()->getValue<int>("updated"), 0);
  const auto unknown = report("id=ATXid_999&status=Success");
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(unknown.json()->getValue<int>("updated"), 0);

  const auto first = outbox("&status=delivered");
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->getObject(0)->getValue<std::string>("provider_message_id"), "ATXid_1");
  EXPECT_EQ(first->getObject(0)->getValue<std::string>("delivery_status"), "Success");
  const auto second = outbox("&status=failed");
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(second->getObject(0)->getValue<std::string>("last_error"),
            "delivery Failed: UserInBlacklist");
  // A delivery report moves no row that is not sent yet, and sends nothing.
  EXPECT_EQ(gateway_.requests().size(), 2u);
}

TEST_P(SmsTest, DeliveryReportsNeedTheTokenAndAForm) {
  EXPECT_EQ(report("id=x&status=Success", "").status, 401);
  EXPECT_EQ(report("id=x&status=Success", "wrong-token-0123456789").status, 401);
  EXPECT_EQ(report("id=x&status=Success", std::string(kReportToken) + "x").status, 401);
  EXPECT_EQ(report(R"({"id":"x","status":"Success"})", kReportToken, "application/json").status,
            415);
  const auto missing = report("status=Success");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(missing.json()->getObject("errors")->has("id"));
  EXPECT_EQ(report("id=" + std::string(300, 'a') + "&status=Success").status, 422);
  EXPECT_EQ(report("%%%garbage&&==").status, 400);  // not a form at all
  // The token never reaches the access log or any other line.
  EXPECT_EQ(server_->output().find(kReportToken), std::string::npos);
}

TEST_P(SmsTest, TheOutboxIsForStaffWithFiltersAndPages) {
  std::int64_t customer = 0;
  const std::string shopper = ShopTest::shopper("pendo", &customer);
  const std::int64_t maize = item("Maize", "90.00", 100);
  for (int i = 0; i < 3; ++i)
    order(shopper, maize);
  waitForOutbox(3, {"sent"});
  EXPECT_EQ(client_->get("/api/notifications/", bearer(shopper)).status, 403);
  EXPECT_EQ(client_->get("/api/notifications/").status, 401);
  EXPECT_EQ(client_->get("/api/notifications/?status=bogus", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/notifications/?limit=0", asStaff()).status, 400);
  const std::string phone = phoneOf(customer);
  std::string encoded;
  Poco::URI::encode(phone, "+", encoded);
  EXPECT_EQ(outbox("&to=" + encoded)->size(), 3u);
  EXPECT_EQ(outbox("&to=" + phone)->size(), 3u);  // an unencoded + reads as a blank
  EXPECT_EQ(outbox("&to=%2B1999")->size(), 0u);
  const auto page = client_->get("/api/notifications/?limit=2&status=sent", asStaff()).json();
  EXPECT_EQ(page->getValue<int>("count"), 3);
  EXPECT_EQ(page->getArray("results")->size(), 2u);
  EXPECT_FALSE(page->isNull("next"));
  // Newest first.
  EXPECT_GT(page->getArray("results")->getObject(0)->getValue<int>("id"),
            page->getArray("results")->getObject(1)->getValue<int>("id"));
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("duka_sms_outbox_depth 0"), std::string::npos) << metrics;
}

TEST_P(SmsTest, SigtermLetsTheSendInFlightFinish) {
  GatewayReply slow = GatewayReply::africasTalking(101, "Success");
  slow.delay = 1500ms;
  gateway_.setDefault(slow);
  order(ShopTest::shopper("rehema"), item("Jam", "250.00", 10));
  ASSERT_TRUE(gateway_.waitForRequests(1, 10s));
  EXPECT_EQ(server_->stop(), 0) << server_->output();  // waits for the send
  EXPECT_EQ(gateway_.answered(), 1u);
  gateway_.setDefault(GatewayReply::africasTalking(101, "Success"));
  server_.reset();
  restartWith("");
  const auto row = waitForOutbox(1, {"sent"})->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("provider_message_id"), "ATXid_1");
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_.requests().size(), 1u);  // not sent again after the restart
}

TEST_P(SmsTest, AfterKillNineQueuedRowsAreSentAndSentRowsAreNotRepeated) {
  GatewayReply slow = GatewayReply::africasTalking(101, "Success");
  slow.delay = 250ms;
  gateway_.setDefault(slow);
  const std::string shopper = ShopTest::shopper("kito");
  const std::int64_t nuts = item("Nuts", "15.00", 100);
  // One customer's messages are one key's backlog, sent in runs of up to 8 whose outcomes
  // are recorded together. 20 leaves at least 10 queued when 3 or more read as sent, and
  // at least 2 s (a run of 8) to see that before the next run is recorded.
  constexpr int kOrders = 20;
  constexpr int kRunRows = 8;
  for (int i = 0; i < kOrders; ++i)
    order(shopper, nuts);
  std::set<std::string> sentBefore;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (sentBefore.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    sentBefore.clear();
    const auto rows = outbox("&status=sent");
    for (std::size_t i = 0; i < rows->size(); ++i)
      sentBefore.insert(rows->getObject(i)->getValue<std::string>("message"));
    std::this_thread::sleep_for(20ms);
  }
  server_->kill();
  server_.reset();
  std::this_thread::sleep_for(500ms);  // the gateway reads what reached it before the kill
  const std::map<std::string, int> sendsBeforeKill = sendsByMessage();
  ASSERT_GE(sentBefore.size(), 3u);
  ASSERT_LT(sentBefore.size(), static_cast<std::size_t>(kOrders));  // some were still queued

  gateway_.setDefault(GatewayReply::africasTalking(101, "Success"));
  // The run in flight at the kill is claimed again once its lease
  // (3 x send_timeout_s + 5 s + the run's budget) has run out.
  restartWith("");
  waitForOutbox(kOrders, {"sent"}, 60s);
  const std::map<std::string, int> sends = sendsByMessage();
  EXPECT_EQ(sends.size(), static_cast<std::size_t>(kOrders));
  int repeats = 0;
  for (const auto& [message, count] : sends) {
    if (sentBefore.count(message)) {
      EXPECT_EQ(count, 1) << "recorded as sent before the kill, then sent again: " << message;
    }
    if (count > 1) {
      EXPECT_EQ(count, 2) << message;
      EXPECT_EQ(sendsBeforeKill.count(message), 1u) << "repeated but not sent before: " << message;
    }
    repeats += count - 1;
  }
  // At least once: only the run in flight at the kill (sent, not yet recorded) may repeat.
  EXPECT_LE(repeats, kRunRows);
}

// Several instances share one database on PostgreSQL (on SQLite, one instance per file).
class SmsSharedDatabaseTest : public SmsTest {};

TEST_P(SmsSharedDatabaseTest, TwoInstancesSendEachRowOnce) {
  GatewayReply quick = GatewayReply::africasTalking(101, "Success");
  quick.delay = 20ms;
  gateway_.setDefault(quick);
  auto second = startAnother();
  HttpClient other(second->port());
  const std::string shopper = ShopTest::shopper("rafiki");
  const std::int64_t pens = item("Pens", "5.00", 1000);
  constexpr int kOrders = 30;
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(c == 0 ? server_->port() : second->port());
      for (int i = 0; i < kOrders / 2; ++i)
        EXPECT_EQ(client.post("/api/orders/", orderBody({{pens, 1}}), bearer(shopper)).status, 201);
    });
  }
  for (auto& client : clients)
    client.join();
  waitForOutbox(kOrders, {"sent"}, 60s);
  std::this_thread::sleep_for(1500ms);
  const std::map<std::string, int> sends = sendsByMessage();
  EXPECT_EQ(sends.size(), static_cast<std::size_t>(kOrders));
  for (const auto& [message, count] : sends)
    EXPECT_EQ(count, 1) << message;
  EXPECT_EQ(gateway_.requests().size(), static_cast<std::size_t>(kOrders));
  EXPECT_EQ(second->stop(), 0);
}

DUKA_SERVER_BACKENDS(SmsTest);
INSTANTIATE_TEST_SUITE_P(Postgresql, SmsSharedDatabaseTest, ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
