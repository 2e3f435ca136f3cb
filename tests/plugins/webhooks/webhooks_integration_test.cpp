// The webhooks plugin through the real binary against a receiver on 127.0.0.1 (so with
// [webhooks] allow_http and allow_private_networks), on SQLite and PostgreSQL: endpoints made,
// shown without their secret and refused on bad input; an order's events delivered signed as
// Standard Webhooks v1 says (checked with the reference library, npm standardwebhooks, in a
// Node receiver; also while a rotated secret overlaps); a rolled-back change sending nothing; 500
// retried then delivered, 400 and 302 failed without retry, 410 deactivating the endpoint; the
// delivery log and redelivery; API key scopes; and the address policy refusing 127.0.0.1 when it is
// off.
#include <Poco/JSON/Parser.h>

#include <duka/testing/fake_gateway.hpp>
#include <duka/testing/wait_until.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "plugins/shop_fixture.hpp"
#include "support/webhook_receiver.hpp"
#include "webhook_signature.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

Poco::JSON::Object::Ptr parsed(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

class WebhooksTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", webhooks"; }
  std::string moreIni() const override {
    return "[webhooks]\nallow_http = true\nallow_private_networks = " +
           std::string(allowPrivate() ? "true" : "false") + "\ntimeout_s = 2\n";
  }
  virtual bool allowPrivate() const { return true; }

  // endpoint adds an endpoint for events at the receiver's path and answers its JSON.
  Poco::JSON::Object::Ptr endpoint(const std::string& events = R"(["order.*"])",
                                   const std::string& path = "/hooks") {
    const auto response =
        client_->post("/api/webhooks/",
                      R"({"url":")" + receiver_.baseUrl() + path + R"(","events":)" + events +
                          R"(,"description":"books"})",
                      asStaff());
    EXPECT_EQ(response.status, 201) << response.body;
    return response.json();
  }
  std::int64_t order(std::int64_t item, const std::string& token) {
    const auto response = client_->post("/api/orders/", orderBody({{item, 1}}), bearer(token));
    EXPECT_EQ(response.status, 201) << response.body;
    return response.json()->getValue<Poco::Int64>("id");
  }
  // delivered waits until the receiver has count requests.
  bool delivered(std::size_t count, std::chrono::milliseconds within = 10s) {
    return waitUntil([&] { return receiver_.requests().size() >= count; }, within);
  }
  Poco::JSON::Object::Ptr deliveries(const Poco::JSON::Object::Ptr& endpoint,
                                     const std::string& query = "") {
    return client_
        ->get("/api/webhooks/" + std::to_string(endpoint->getValue<Poco::Int64>("id")) +
                  "/deliveries/" + query,
              asStaff())
        .json();
  }

  // killAndRestart kills duka (SIGKILL: no drain, no settlement) and starts it again with
  // the same configuration and database.
  void killAndRestart() {
    server_->kill();
    std::ifstream file(configPath_);
    const std::string ini((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    server_ = DukaProcess::start(ini);
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  // backdateFailures moves every failing endpoint's first failure back by `by`, as if its
  // receiver had been failing that long.
  void backdateFailures(std::chrono::hours by) {
    host::EventDispatcher events;
    auto sql = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
    sql->write(EventContext::system("test"), [&](Transaction& tx) {
      tx.run(
          "UPDATE webhooks_endpoints SET failing_since_ms = failing_since_ms - $1 "
          "WHERE failing_since_ms <> 0",
          {static_cast<std::int64_t>(std::chrono::milliseconds(by).count())});
    });
    sql->close();
  }
  std::string webhookIdOf(const GatewayRequest& request) const {
    return request.header("webhook-id");
  }

  FakeGateway receiver_;
};

TEST_P(WebhooksTest, AnOrdersEventsArriveSignedAsStandardWebhooksSays) {
  receiver_.setDefault(GatewayReply::text(200, "ok"));
  const auto made = endpoint();
  const std::string secret = made->getValue<std::string>("secret");
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  const std::string id = std::to_string(made->getValue<Poco::Int64>("id"));
  const auto shown = client_->get("/api/webhooks/" + id + "/", asStaff()).json();
  EXPECT_TRUE(shown->isNull("secret"));
  EXPECT_EQ(shown->getValue<std::string>("description"), "books");

  const std::int64_t item = this->item("Tea", "10.00", 5);
  const std::int64_t orderId = order(item, shopper("wanjiku"));
  ASSERT_TRUE(delivered(1)) << server_->output();
  const auto request = receiver_.requests().front();
  EXPECT_EQ(request.path, "/hooks");
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("user-agent").rfind("duka/", 0), 0u);
  const std::string messageId = request.header("webhook-id");
  const std::string timestamp = request.header("webhook-timestamp");
  EXPECT_EQ(messageId.rfind("msg_", 0), 0u);
  EXPECT_NEAR(std::stoll(timestamp), std::time(nullptr), 30);
  EXPECT_EQ(request.header("webhook-signature"),
            webhooks::signWebhook(secret, messageId, std::stoll(timestamp), request.body));
  const auto body = parsed(request.body);
  EXPECT_EQ(body->getValue<std::string>("type"), "order.created");
  EXPECT_EQ(body->getValue<std::string>("id").rfind("evt_", 0), 0u);
  EXPECT_FALSE(body->getValue<std::string>("timestamp").empty());
  EXPECT_EQ(body->getObject("data")->getValue<Poco::Int64>("id"), orderId);

  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(made, "?status=delivered")->getValue<int>("count") == 1; }));
  const auto listed = deliveries(made)->getArray("results")->getObject(0);
  EXPECT_EQ(listed->getValue<std::string>("event"), "order.created");
  EXPECT_EQ(listed->getValue<int>("last_status_code"), 200);
  const auto detail = client_
                          ->get("/api/webhooks/" + id + "/deliveries/" +
                                    std::to_string(listed->getValue<Poco::Int64>("id")) + "/",
                                asStaff())
                          .json();
  const auto attempts = detail->getArray("attempts");
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ(attempts->getObject(0)->getValue<int>("status_code"), 200);
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("response_excerpt"), "ok");
  // The secret is in no log line and no event.
  EXPECT_EQ(server_->output().find(secret), std::string::npos);
  EXPECT_EQ(client_->get("/api/audit/?action=webhook.created", asStaff()).body.find(secret),
            std::string::npos);
}

TEST_P(WebhooksTest, ARolledBackChangeSendsNothingAndUnsubscribedEventsNeither) {
  receiver_.setDefault(GatewayReply::text(200, "ok"));
  endpoint(R"(["order.cancelled"])");
  const std::int64_t item = this->item("Salt", "5.00", 1);
  const std::string buyer = shopper("otieno");
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{item, 5}}), bearer(buyer)).status, 409);
  order(item, buyer);  // order.created: not subscribed
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_P(WebhooksTest, OutcomesRetryOnServerErrorsFailOnOthersAndGoneDeactivates) {
  const auto flaky = endpoint(R"(["order.created"])", "/flaky");
  const auto refusing = endpoint(R"(["order.created"])", "/refusing");
  const auto moved = endpoint(R"(["order.created"])", "/moved");
  receiver_.scriptFor("/flaky", {GatewayReply::text(500, "busy"), GatewayReply::text(200, "ok")});
  receiver_.setDefaultFor("/refusing", GatewayReply::text(400, "no"));
  receiver_.setDefaultFor("/moved", GatewayReply::text(302, "elsewhere"));
  const std::int64_t item = this->item("Rice", "3.00", 10);
  order(item, shopper("akinyi"));
  // 500, then about 5 s later (SPEC 11's first retry) 200.
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(flaky, "?status=delivered")->getValue<int>("count") == 1; }, 20s))
      << server_->output();
  EXPECT_EQ(receiver_.requestsTo("/flaky").size(), 2u);
  EXPECT_EQ(receiver_.requestsTo("/flaky")[0].header("webhook-id"),
            receiver_.requestsTo("/flaky")[1].header("webhook-id"));
  for (const auto& failing : {refusing, moved}) {
    ASSERT_TRUE(waitUntil(
        [&] { return deliveries(failing, "?status=failed")->getValue<int>("count") == 1; }));
  }
  EXPECT_EQ(receiver_.requestsTo("/refusing").size(), 1u);
  EXPECT_EQ(receiver_.requestsTo("/moved").size(), 1u);

  // Redeliver: one more attempt, the same webhook-id.
  const std::string movedId = std::to_string(moved->getValue<Poco::Int64>("id"));
  const auto failed = deliveries(moved)->getArray("results")->getObject(0);
  const std::string path = "/api/webhooks/" + movedId + "/deliveries/" +
                           std::to_string(failed->getValue<Poco::Int64>("id")) + "/redeliver/";
  receiver_.setDefaultFor("/moved", GatewayReply::text(204, ""));
  EXPECT_EQ(client_->post(path, "", asStaff()).status, 202);
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(moved, "?status=delivered")->getValue<int>("count") == 1; }));
  EXPECT_EQ(receiver_.requestsTo("/moved")[1].header("webhook-id"),
            receiver_.requestsTo("/moved")[0].header("webhook-id"));

  // 410 deactivates the endpoint; nothing more goes to it until it is reactivated.
  const auto gone = endpoint(R"(["order.*"])", "/gone");
  receiver_.setDefaultFor("/gone", GatewayReply::text(410, "gone"));
  order(item, shopper("kamau"));
  const std::string goneId = std::to_string(gone->getValue<Poco::Int64>("id"));
  ASSERT_TRUE(waitUntil([&] {
    return !client_->get("/api/webhooks/" + goneId + "/", asStaff())
                .json()
                ->getValue<bool>("active");
  }));
  const auto shown = client_->get("/api/webhooks/" + goneId + "/", asStaff()).json();
  EXPECT_EQ(shown->getValue<std::string>("disabled_reason"), "gone");
  EXPECT_TRUE(waitUntil([&] {
    return client_->get("/api/audit/?action=webhook.disabled", asStaff())
               .json()
               ->getValue<int>("count") == 1;
  }));
  const std::size_t before = receiver_.requestsTo("/gone").size();
  order(item, shopper("chebet"));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(receiver_.requestsTo("/gone").size(), before);
  EXPECT_EQ(
      client_->request("PATCH", "/api/webhooks/" + goneId + "/", R"({"active":true})", asStaff())
          .json()
          ->isNull("disabled_reason"),
      true);
}

// A receiver that answers after the timeout (2 s here) is retried, and delivered once it
// answers in time; one whose answer never ends is read up to the deadline or 64 KiB: its
// 2xx came in time, so it delivers, and no worker stays with it.
TEST_P(WebhooksTest, ALateAnswerIsRetriedAndAnEndlessOneIsCutOff) {
  const auto late = endpoint(R"(["order.created"])", "/late");
  const auto endless = endpoint(R"(["order.created"])", "/endless");
  receiver_.scriptFor("/late", {{.status = 200, .body = "late", .delay = 3000ms}});
  receiver_.setDefaultFor("/late", GatewayReply::text(200, "ok"));
  GatewayReply forever = GatewayReply::text(200, std::string(1000, 'x'));
  forever.endless = true;
  receiver_.setDefaultFor("/endless", forever);
  order(item("Tea", "2.00", 10), shopper("wanjiru"));
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(endless, "?status=delivered")->getValue<int>("count") == 1; }, 10s))
      << server_->output();
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(late, "?status=delivered")->getValue<int>("count") == 1; }, 20s))
      << server_->output();
  const auto show = [&](const Poco::JSON::Object::Ptr& endpoint) {
    const auto id =
        deliveries(endpoint)->getArray("results")->getObject(0)->getValue<Poco::Int64>("id");
    return client_
        ->get("/api/webhooks/" + std::to_string(endpoint->getValue<Poco::Int64>("id")) +
                  "/deliveries/" + std::to_string(id) + "/",
              asStaff())
        .json();
  };
  const auto lateAttempts = show(late)->getArray("attempts");
  ASSERT_EQ(lateAttempts->size(), 2u);
  EXPECT_EQ(lateAttempts->getObject(0)->getValue<std::string>("error"), "timed out");
  EXPECT_EQ(lateAttempts->getObject(0)->getValue<int>("status_code"), 0);
  EXPECT_EQ(lateAttempts->getObject(1)->getValue<int>("status_code"), 200);
  const auto endlessAttempts = show(endless)->getArray("attempts");
  ASSERT_EQ(endlessAttempts->size(), 1u);
  EXPECT_EQ(endlessAttempts->getObject(0)->getValue<int>("status_code"), 200);
  EXPECT_LE(endlessAttempts->getObject(0)->getValue<std::string>("response_excerpt").size(), 1024u);
  EXPECT_EQ(receiver_.requestsTo("/endless").size(), 1u);
  // Every attempt that made a call is in the histogram: 2 to /late, 1 to /endless.
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("# TYPE duka_webhook_delivery_seconds histogram"), std::string::npos);
  EXPECT_NE(metrics.find("duka_webhook_delivery_seconds_count 3\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("duka_webhook_deliveries_total{outcome=\"retried\"} 1"),
            std::string::npos);
}

// A receiver answering 100 MB delivers (its 2xx came; at most 64 KiB is read), one
// answering garbage is retried until it answers properly; memory stays bounded.
TEST_P(WebhooksTest, AHugeAnswerIsReadTo64KibAndGarbageIsRetried) {
  const auto huge = endpoint(R"(["order.created"])", "/huge");
  const auto garbage = endpoint(R"(["order.created"])", "/garbage");
  receiver_.setDefaultFor("/huge", GatewayReply::huge(100));
  receiver_.scriptFor("/garbage", {GatewayReply::garbage("\x16\x03\x01 junk\r\n\r\n")});
  receiver_.setDefaultFor("/garbage", GatewayReply::text(200, "ok"));
  const std::size_t before = server_->residentKib();
  order(item("Tea", "2.00", 10), shopper("wambui"));
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(huge, "?status=delivered")->getValue<int>("count") == 1; }, 10s))
      << server_->output();
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(garbage, "?status=delivered")->getValue<int>("count") == 1; }, 20s))
      << server_->output();
  EXPECT_EQ(receiver_.requestsTo("/huge").size(), 1u);
  EXPECT_EQ(receiver_.requestsTo("/garbage").size(), 2u);
  EXPECT_LT(server_->residentKib(), before + 16 * 1024) << "KiB before: " << before;
}

// A receiver down for a while (connection refused), then back on its port: every delivery
// arrives, each webhook-id once at the receiver's deduplication, the first attempt's error
// in the log.
TEST_P(WebhooksTest, AReceiverDownForAWhileGetsEveryDeliveryOnceItIsBack) {
  std::string base;
  std::uint16_t port = 0;
  {
    FakeGateway soon;
    base = soon.baseUrl();
    port = static_cast<std::uint16_t>(std::stoi(base.substr(base.rfind(':') + 1)));
  }  // gone: its port refuses connections
  const auto response = client_->post(
      "/api/webhooks/", R"({"url":")" + base + R"(/hooks","events":["order.created"]})", asStaff());
  ASSERT_EQ(response.status, 201) << response.body;
  const auto down = response.json();
  const std::int64_t item = this->item("Sugar", "4.00", 100);
  constexpr int kOrders = 4;
  for (int i = 0; i < kOrders; ++i)
    order(item, shopper("down" + std::to_string(i)));
  ASSERT_TRUE(waitUntil([&] {
    const auto log = deliveries(down);
    const auto results = log->getArray("results");
    for (std::size_t i = 0; i < results->size(); ++i) {
      if (results->getObject(i)->getValue<int>("attempts") < 1)
        return false;
    }
    return results->size() == static_cast<std::size_t>(kOrders);
  })) << server_->output();
  FakeGateway back(port);
  back.setDefault(GatewayReply::text(204, ""));
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(down, "?status=delivered")->getValue<int>("count") == kOrders; },
      20s))
      << server_->output();
  std::set<std::string> ids;
  for (const auto& request : back.requests())
    ids.insert(webhookIdOf(request));
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kOrders));
  const auto first = deliveries(down)->getArray("results")->getObject(0);
  EXPECT_EQ(first->getValue<int>("attempts"), 2);
}

// kill -9 while a delivery is in flight: after the restart, once the dead worker's lease
// (3 x timeout_s + 5 s + min(5 s, timeout_s)) has run out, the delivery goes again with the same
// webhook-id and is delivered.
TEST_P(WebhooksTest, ADeliveryInFlightAtAKillNineIsDeliveredAfterTheRestart) {
  const auto hooks = endpoint(R"(["order.created"])");
  receiver_.scriptFor("/hooks", {{.status = 200, .body = "slow", .delay = 1500ms}});
  receiver_.setDefaultFor("/hooks", GatewayReply::text(200, "ok"));
  order(item("Salt", "1.00", 10), shopper("baraka"));
  ASSERT_TRUE(receiver_.waitForRequests(1, 10s));
  killAndRestart();  // before the slow answer: the row stays 'sending'
  ASSERT_TRUE(waitUntil(
      [&] { return deliveries(hooks, "?status=delivered")->getValue<int>("count") == 1; }, 30s))
      << server_->output();
  const auto requests = receiver_.requestsTo("/hooks");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(webhookIdOf(requests[0]), webhookIdOf(requests[1]));
}

// An endpoint whose every attempt has failed for disable_after_h (72 h by default) is
// deactivated at its next failure, with webhook.disabled audited; one failing for less is
// not.
TEST_P(WebhooksTest, AnEndpointFailingForDisableAfterHIsDeactivated) {
  const auto failing = endpoint(R"(["order.created"])", "/failing");
  receiver_.setDefaultFor("/failing", GatewayReply::text(503, "down"));
  order(item("Oil", "5.00", 10), shopper("njeri"));
  ASSERT_TRUE(waitUntil([&] {
    return deliveries(failing)->getArray("results")->getObject(0)->getValue<int>("attempts") == 1;
  })) << server_->output();
  const std::string path =
      "/api/webhooks/" + std::to_string(failing->getValue<Poco::Int64>("id")) + "/";
  EXPECT_TRUE(client_->get(path, asStaff()).json()->getValue<bool>("active"));
  backdateFailures(std::chrono::hours(73));
  // The retry about 5 s later fails too: 73 h of nothing but failures.
  ASSERT_TRUE(waitUntil(
      [&] { return !client_->get(path, asStaff()).json()->getValue<bool>("active"); }, 20s))
      << server_->output();
  EXPECT_EQ(client_->get(path, asStaff()).json()->getValue<std::string>("disabled_reason"),
            "failing");
  EXPECT_TRUE(waitUntil([&] {
    return client_->get("/api/audit/?action=webhook.disabled", asStaff())
               .json()
               ->getValue<int>("count") == 1;
  }));
  EXPECT_EQ(receiver_.requestsTo("/failing").size(), 2u);
}

TEST_P(WebhooksTest, BadInputIs422AndTheRoutesNeedStaffOrTheScope) {
  const auto refuse = [&](const std::string& body, const std::string& field) {
    const auto response = client_->post("/api/webhooks/", body, asStaff());
    EXPECT_EQ(response.status, 422) << body << " -> " << response.body;
    const auto errors = response.json() ? response.json()->getObject("errors") : nullptr;
    EXPECT_TRUE(errors && errors->has(field)) << body << " -> " << response.body;
  };
  refuse(R"({"url":"ftp://hooks.example.com/","events":["*"]})", "url");
  refuse(R"({"url":"https://u:p@hooks.example.com/","events":["*"]})", "url");
  refuse(R"({"url":"https://hooks.example.com/","events":["auth.login"]})", "events");
  refuse(R"({"url":"https://hooks.example.com/","events":["order.shipped"]})", "events");
  refuse(R"({"url":"https://hooks.example.com/","events":[]})", "events");
  refuse(R"({"events":["*"]})", "url");
  EXPECT_EQ(client_->post("/api/webhooks/", "[", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/webhooks/99/", asStaff()).status, 404);
  EXPECT_EQ(client_->get("/api/webhooks/").status, 401);
  EXPECT_EQ(client_->get("/api/webhooks/", bearer(shopper("njeri"))).status, 403);

  const auto key = [&](const std::string& scope) {
    const auto made =
        client_->post("/api/keys/", R"({"name":"hooks","scopes":[")" + scope + R"("]})", asStaff());
    return made.json()->getValue<std::string>("key");
  };
  EXPECT_EQ(client_->get("/api/webhooks/", bearer(key("webhooks:manage"))).status, 200);
  EXPECT_EQ(client_->get("/api/webhooks/", bearer(key("orders:read"))).status, 403);
}

// One endpoint's deliveries about one order go in the order of its events, whatever the
// concurrency: each after the previous one was answered, though the receiver is slow.
TEST_P(WebhooksTest, OneOrdersDeliveriesGoInTheOrderOfItsEvents) {
  receiver_.setDefault({.status = 200, .contentType = "text/plain", .body = "ok", .delay = 30ms});
  endpoint(R"(["order.*"])");
  const std::int64_t item = this->item("Oil", "6.00", 1000);
  constexpr int kOrders = 6;
  std::vector<std::int64_t> orders;
  std::mutex mutex;
  std::vector<std::thread> clients;
  for (int c = 0; c < kOrders; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server_->port());
      const std::string buyer = [&] {
        std::lock_guard<std::mutex> lock(mutex);
        return shopper("buyer" + std::to_string(c));
      }();
      const auto created = client.post("/api/orders/", orderBody({{item, 1}}), bearer(buyer));
      ASSERT_EQ(created.status, 201) << created.body;
      const std::string id = std::to_string(created.json()->getValue<Poco::Int64>("id"));
      EXPECT_EQ(client.request("PUT", "/api/orders/" + id + "/approve/", "", asStaff()).status,
                200);
      EXPECT_EQ(client.request("PUT", "/api/orders/" + id + "/fulfil/", "", asStaff()).status, 200);
      std::lock_guard<std::mutex> lock(mutex);
      orders.push_back(std::stoll(id));
    });
  }
  for (auto& client : clients)
    client.join();
  ASSERT_TRUE(delivered(3 * kOrders, 20s)) << receiver_.requests().size();
  std::map<std::int64_t, std::vector<std::string>> seen;
  for (const auto& request : receiver_.requests()) {
    const auto body = parsed(request.body);
    seen[body->getObject("data")->getValue<Poco::Int64>("id")].push_back(
        body->getValue<std::string>("type"));
  }
  for (const std::int64_t order : orders) {
    EXPECT_EQ(seen[order],
              (std::vector<std::string>{"order.created", "order.approved", "order.fulfilled"}))
        << "order " << order;
  }
}

// Two instances on one PostgreSQL database: each delivery goes once, by whichever claims it.
TEST_P(WebhooksTest, TwoInstancesDeliverEachEventOnce) {
  if (GetParam() != Backend::Postgresql)
    GTEST_SKIP() << "several instances share a PostgreSQL database (SQLite serves one)";
  receiver_.setDefault(GatewayReply::text(200, "ok"));
  endpoint(R"(["order.created"])");
  auto other = DukaProcess::start(serverIni(
      db_->iniSection(), testPluginDir(), "auth, customers, inventory, orders, audit, webhooks",
      "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni()));
  const std::int64_t item = this->item("Flour", "3.00", 1000);
  constexpr int kOrders = 20;
  for (int i = 0; i < kOrders; ++i) {
    HttpClient client(i % 2 == 0 ? server_->port() : other->port());
    const std::string buyer = shopper("twin" + std::to_string(i));
    EXPECT_EQ(client.post("/api/orders/", orderBody({{item, 1}}), bearer(buyer)).status, 201);
  }
  ASSERT_TRUE(delivered(kOrders, 20s));
  std::this_thread::sleep_for(1500ms);  // a second delivery would come by now
  std::set<std::string> ids;
  for (const auto& request : receiver_.requests())
    EXPECT_TRUE(ids.insert(request.header("webhook-id")).second) << "delivered twice";
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kOrders));
}

// Interoperability: a receiver verifies every delivery with the Standard Webhooks reference
// library, not duka's code; after a rotation, each delivery carries two signatures, and the
// old secret and the new one both verify it while they overlap.
TEST_P(WebhooksTest, TheReferenceLibraryVerifiesEveryDeliveryAcrossARotation) {
  auto receiver = WebhookReceiver::launch();
  if (!receiver)
    GTEST_SKIP() << "Node.js or tests/support/webhook-receiver's packages are missing";
  const auto response =
      client_->post("/api/webhooks/",
                    R"({"url":")" + receiver->url("/standard") + R"(","events":["*"]})", asStaff());
  ASSERT_EQ(response.status, 201) << response.body;
  const std::string first = response.json()->getValue<std::string>("secret");
  const std::string id = std::to_string(response.json()->getValue<Poco::Int64>("id"));
  receiver->verifyWith({first});
  const std::int64_t item = this->item("Beans", "4.00", 10);  // inventory.created
  order(item, shopper("mwangi"));                             // customer.created, order.created
  // Every delivery signed before the rotation arrives before it (webhook.created, the
  // endpoint's own, is one more): one still on its way would be checked against both secrets.
  const auto arrived = [&](const std::string& type) {
    const auto all = receiver->received();
    for (std::size_t i = 0; i < all->size(); ++i) {
      if (all->getObject(static_cast<unsigned>(i))->getValue<std::string>("type") == type)
        return true;
    }
    return false;
  };
  ASSERT_TRUE(waitUntil(
      [&] {
        return arrived("webhook.created") && arrived("inventory.created") &&
               arrived("customer.created") && arrived("order.created");
      },
      15s));

  const auto rotated = client_->post("/api/webhooks/" + id + "/rotate-secret/", "", asStaff());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string second = rotated.json()->getValue<std::string>("secret");
  EXPECT_NE(second, first);
  receiver->verifyWith({first, second});
  const std::size_t before = receiver->received()->size();
  EXPECT_EQ(client_->post("/api/webhooks/" + id + "/test/", "", asStaff()).status, 202);
  ASSERT_TRUE(waitUntil([&] { return receiver->received()->size() > before; }, 15s));

  const auto received = receiver->received();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < received->size(); ++i) {
    const auto delivery = received->getObject(static_cast<unsigned>(i));
    const auto verified = delivery->getArray("verified");
    for (std::size_t s = 0; s < verified->size(); ++s)
      EXPECT_TRUE(verified->get(static_cast<unsigned>(s)).isBoolean())
          << delivery->getValue<std::string>("type") << ": "
          << verified->get(static_cast<unsigned>(s)).toString();
    EXPECT_TRUE(ids.insert(delivery->getValue<std::string>("id")).second) << "delivered twice";
  }
  // webhook.test (and webhook.updated, the rotation's own event) went after the rotation:
  // signed with the new secret and the overlapping one.
  bool tested = false;
  for (std::size_t i = before; i < received->size(); ++i) {
    const auto delivery = received->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(delivery->getValue<int>("signatures"), 2) << delivery->getValue<std::string>("type");
    tested = tested || delivery->getValue<std::string>("type") == "webhook.test";
  }
  EXPECT_TRUE(tested || waitUntil([&] {
                const auto all = receiver->received();
                for (std::size_t i = before; i < all->size(); ++i) {
                  if (all->getObject(static_cast<unsigned>(i))->getValue<std::string>("type") ==
                      "webhook.test")
                    return true;
                }
                return false;
              }));
}

DUKA_SERVER_BACKENDS(WebhooksTest);

// The address policy with allow_private_networks off: the receiver on 127.0.0.1 gets nothing,
// and each attempt fails as "address not allowed".
class WebhooksPrivateNetworksTest : public WebhooksTest {
 protected:
  bool allowPrivate() const override { return false; }
};

TEST_P(WebhooksPrivateNetworksTest, ALoopbackReceiverGetsNothing) {
  receiver_.setDefault(GatewayReply::text(200, "ok"));
  // By name too: localhost resolves to 127.0.0.1.
  const std::string port = receiver_.baseUrl().substr(receiver_.baseUrl().rfind(':') + 1);
  const auto response = client_->post(
      "/api/webhooks/", R"({"url":"http://localhost:)" + port + R"(/hooks","events":["*"]})",
      asStaff());
  ASSERT_EQ(response.status, 201) << response.body;
  const auto made = response.json();
  order(item("Milk", "2.00", 5), shopper("wafula"));
  ASSERT_TRUE(waitUntil([&] {
    const auto results = deliveries(made)->getArray("results");
    return results->size() > 0 && results->getObject(0)->getValue<int>("attempts") >= 1;
  }));
  const auto listed = deliveries(made)->getArray("results")->getObject(0);
  EXPECT_EQ(listed->getValue<std::string>("last_error").find("address not allowed"), 0u)
      << listed->getValue<std::string>("last_error");
  EXPECT_EQ(listed->getValue<std::string>("status"), "pending");  // retried later
  EXPECT_TRUE(receiver_.requests().empty());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, WebhooksPrivateNetworksTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
