// Live reload (SPEC 13) through the real binary, on SQLite and PostgreSQL: SIGHUP enables and
// disables a plugin and its routes switch; a broken section changes nothing and is logged
// naming file, section and key; restart-only keys are logged and the rest applies; under
// 32 keep-alive clients placing orders and reading, 20 reloads fail no request and stock
// and orders stay exact. systemd's notifications, checked on a datagram socket the test owns
// as NOTIFY_SOCKET, and a restart under systemd-socket-activate that refuses no connection:
// systemd_integration_test.cpp.
#include <signal.h>

#include <atomic>
#include <duka/testing/fake_gateway.hpp>
#include <thread>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kShop = "auth, customers, inventory, orders, audit, event_recorder, sms";

// occurrences counts text in what duka logged.
std::size_t occurrences(const std::string& output, const std::string& text) {
  std::size_t count = 0;
  for (auto at = output.find(text); at != std::string::npos; at = output.find(text, at + 1))
    ++count;
  return count;
}

// metric reads one series' value from a /metrics text; -1 when absent.
double metric(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos)
    return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

class LiveReloadTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", sms"; }

  // ini is the shop's configuration, with mpesa or without, and an SMS template.
  std::string ini(bool mpesa, const std::string& orderCreated = "Order {order.id} received",
                  const std::string& more = "") const {
    std::string plugins = std::string(kShop) + (mpesa ? ", mpesa" : "");
    std::string sections =
        "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n\n[sms]\n"
        "template.order_created = " +
        orderCreated + "\n\n";
    if (mpesa) {
      sections += "[mpesa]\nbase_url = " + daraja_.baseUrl() +
                  "\nconsumer_key = key\nconsumer_secret = secret-0123456789\n"
                  "passkey = passkey-0123456789\ncallback_base_url = https://shop.example.co.ke\n"
                  "callback_token = callback-token-0123456789\n\n";
    }
    return serverIni(db_->iniSection(), testPluginDir(), plugins, more + sections);
  }

  // reload writes ini, sends SIGHUP and waits for the reload's outcome to be logged.
  void reload(const std::string& text, const std::string& outcome = "reloaded ") {
    const std::size_t before = occurrences(server_->output(), outcome);
    server_->reload(text);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (occurrences(server_->output(), outcome) == before) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << server_->output();
      std::this_thread::sleep_for(10ms);
    }
  }

  std::string metrics() { return client_->get("/metrics").body; }

  FakeGateway daraja_;
};

TEST_P(LiveReloadTest, ASighupEnablesAndDisablesAPluginAndItsRoutesSwitch) {
  EXPECT_EQ(client_->get("/api/payments/", asStaff()).status, 404);
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 1);
  EXPECT_EQ(metric(metrics(), "duka_config_reloads_total{outcome=\"applied\"}"), 0);

  reload(ini(true));
  EXPECT_EQ(client_->get("/api/payments/", asStaff()).status, 200);
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 2);
  EXPECT_EQ(metric(metrics(), "duka_config_reloads_total{outcome=\"applied\"}"), 1);
  const auto plugins = client_->get("/api/plugins/", asStaff()).body;
  EXPECT_NE(plugins.find("\"mpesa\""), std::string::npos) << plugins;

  reload(ini(false));
  EXPECT_EQ(client_->get("/api/payments/", asStaff()).status, 404);
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 3);
  // The replaced generations retire once nothing holds them; each is logged.
  EXPECT_TRUE(server_->waitForOutput("configuration generation 2 retired", 10s))
      << server_->output();
  // A token issued by generation 1's auth is still good: the signing key is the setting.
  EXPECT_EQ(client_->get("/api/orders/", asStaff()).status, 200);
}

TEST_P(LiveReloadTest, ABrokenSectionChangesNothingAndNamesFileSectionAndKey) {
  reload(ini(false, "Hi {item.name}"), "reload of ");
  const std::string output = server_->output();
  EXPECT_NE(output.find(server_->configPath()), std::string::npos) << output;
  EXPECT_NE(output.find("[sms] template.order_created"), std::string::npos) << output;
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 1);
  EXPECT_EQ(metric(metrics(), "duka_config_reloads_total{outcome=\"failed\"}"), 1);
  EXPECT_EQ(client_->get("/api/orders/", asStaff()).status, 200);

  // An unknown plugin and a plugin that does not load are refused the same way.
  server_->reload(ini(false) + "[smss]\nprovider = log\n");
  ASSERT_TRUE(server_->waitForOutput("[smss]", 10s)) << server_->output();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 1);
  EXPECT_EQ(client_->get("/api/orders/", asStaff()).status, 200);
}

TEST_P(LiveReloadTest, RestartOnlyKeysAreLoggedAndTheRestApplies) {
  std::string text = ini(false);
  text.replace(text.find("[server]\n"), 9, "[server]\nthreads = 3\nmax_body_bytes = 64\n");
  reload(text);
  const std::string output = server_->output();
  EXPECT_NE(output.find("[server] threads changed: it applies when duka restarts"),
            std::string::npos)
      << output;
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 2);
  // max_body_bytes applied at once.
  EXPECT_EQ(client_->post("/api/customers/", std::string(200, ' '), asStaff()).status, 413);
}

// A crash in the middle of a reload (kill -9 while the new generation migrates and starts
// its plugins, or swaps in) leaves nothing behind: the next start is clean, and what was
// committed before stays as it was.
TEST_P(LiveReloadTest, AKillInTheMiddleOfAReloadLeavesTheNextStartClean) {
  const std::int64_t goods = item("Goods", "2.00", 100);
  const std::string me = shopper("baraka");
  int placed = 0, midReload = 0;
  for (const int delayMs : {0, 1, 3, 8, 20, 50, 120, 300}) {
    ASSERT_EQ(client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(me)).status, 201);
    ++placed;
    const std::string next = ini(placed % 2 == 1);  // mpesa on, off, on...
    server_->reload(next);
    std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    server_->kill();
    midReload += server_->output().find("reloaded ") == std::string::npos ? 1 : 0;
    server_ = DukaProcess::start(next);
    client_ = std::make_unique<HttpClient>(server_->port());
    EXPECT_EQ(client_->get("/ready").status, 200) << server_->output();
    EXPECT_EQ(stock(goods)->getValue<int>("reserved"), placed) << "after a kill at " << delayMs;
    EXPECT_EQ(client_->get("/api/payments/", asStaff()).status, placed % 2 == 1 ? 200 : 404);
  }
  EXPECT_EQ(client_->get("/api/orders/", bearer(me)).json()->getValue<int>("count"), placed);
  std::cout << midReload << " of 8 kills came before the log said the reload was done\n";
}

TEST_P(LiveReloadTest, UnderLoadReloadsFailNoRequestAndStockAndOrdersStayExact) {
  constexpr int kClients = 32, kReloads = 20;
  constexpr std::int64_t kStock = 1000000;
  const std::int64_t goods = item("Goods", "2.00", kStock);
  const std::string me = shopper("amani");
  std::atomic<bool> done{false};
  std::atomic<int> ordered{0}, read{0}, failed{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server_->port());
      for (int i = 0; !done; ++i) {
        try {
          const bool order = (i + c) % 2 == 0;
          const auto response =
              order ? client.post("/api/orders/", orderBody({{goods, 1}}), bearer(me))
                    : client.get("/api/inventory/?limit=5", bearer(me));
          if (response.status == (order ? 201 : 200)) {
            ++(order ? ordered : read);
            continue;
          }
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(std::to_string(response.status) + " " + response.body);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(std::string("connection: ") + e.what());
        }
        ++failed;
      }
    });
  }
  for (int r = 0; r < kReloads; ++r) {
    std::this_thread::sleep_for(100ms);
    reload(ini(r % 2 == 0, "Order {order.id} received (" + std::to_string(r) + ")"));
  }
  std::this_thread::sleep_for(100ms);
  done = true;
  for (auto& client : clients)
    client.join();

  EXPECT_EQ(failed.load(), 0) << (failures.empty() ? "" : failures.front());
  EXPECT_GT(ordered.load(), kReloads);
  EXPECT_GT(read.load(), kReloads);
  EXPECT_EQ(stock(goods)->getValue<Poco::Int64>("reserved"), ordered.load());
  EXPECT_EQ(stock(goods)->getValue<Poco::Int64>("available"), kStock - ordered.load());
  const auto orders = client_->get("/api/orders/?limit=1", asStaff()).json();
  EXPECT_EQ(orders->getValue<int>("count"), ordered.load());
  EXPECT_EQ(metric(metrics(), "duka_config_generation"), 1 + kReloads);
  // mpesa ends disabled (the 20th reload): its route is gone.
  EXPECT_EQ(client_->get("/api/payments/", asStaff()).status, 404);
  EXPECT_EQ(server_->stop(), 0);
}

DUKA_SERVER_BACKENDS(LiveReloadTest);

}  // namespace
}  // namespace duka::test
