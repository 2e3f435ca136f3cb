// Three duka instances on one PostgreSQL database, clients spread over them: stock is never
// oversold, one Idempotency-Key makes one order, the audit chain verifies after concurrent
// writes from every instance and after the sealing instance is killed mid-load, and a
// deletion on one instance reaches the others' caches within their bound. (Each SMS row
// sent once by several instances: sms_integration_test.cpp, SmsSharedDatabaseTest.)
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "db/pg_connection.hpp"
#include "plugins/shop_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

class SeveralInstancesTest : public ShopTest {
 protected:
  void SetUp() override {
    ShopTest::SetUp();
    if (IsSkipped())
      return;
    for (int i = 0; i < 2; ++i) {
      others_.push_back(DukaProcess::start(
          serverIni(db_->iniSection(), testPluginDir(),
                    "auth, customers, inventory, orders, audit, event_recorder",
                    "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n")));
    }
  }
  void TearDown() override {
    for (auto& other : others_) {
      if (other)
        other->stop();
    }
  }
  // port is instance i's port: 0 the fixture's, 1 and 2 the others.
  int port(int i) const { return i == 0 ? server_->port() : others_[i - 1]->port(); }
  // verified waits until no audit row waits for its seal, and answers the verification.
  Poco::JSON::Object::Ptr verified(HttpClient& client) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    for (;;) {
      auto verify = client.get("/api/audit/verify/", asStaff()).json();
      if (verify->getValue<int>("unsealed") == 0 || std::chrono::steady_clock::now() > deadline)
        return verify;
      std::this_thread::sleep_for(50ms);
    }
  }

  std::vector<std::unique_ptr<DukaProcess>> others_;
};

TEST_P(SeveralInstancesTest, ConcurrentOrdersNeverOversellAndTheChainVerifies) {
  constexpr int kStock = 40, kClients = 6, kOrdersEach = 12;
  const std::int64_t scarce = item("Scarce", "10.00", kStock);
  const std::int64_t plenty = item("Plenty", "1.00", 100000);
  const std::string me = shopper("wanjiru");
  std::atomic<int> created{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port(c % 3));
      for (int i = 0; i < kOrdersEach; ++i) {
        const auto response =
            client.post("/api/orders/", orderBody({{scarce, 1}, {plenty, 2}}), bearer(me));
        (response.status == 201 ? created : response.status == 409 ? refused : other)++;
      }
    });
  }
  for (auto& client : clients)
    client.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load(), kStock);
  EXPECT_EQ(refused.load(), kClients * kOrdersEach - kStock);
  for (int i = 0; i < 3; ++i) {
    HttpClient client(port(i));
    const auto item =
        client.get("/api/inventory/" + std::to_string(scarce) + "/", asStaff()).json();
    EXPECT_EQ(item->getValue<int>("reserved"), kStock) << "instance " << i;
    EXPECT_EQ(item->getValue<int>("available"), 0) << "instance " << i;
  }
  HttpClient client(port(1));
  const auto verify = verified(client);
  EXPECT_TRUE(verify->getValue<bool>("ok"));
  EXPECT_EQ(verify->getValue<int>("unsealed"), 0);
  EXPECT_EQ(verify->getValue<int>("rows"),
            client.get("/api/audit/?limit=1", asStaff()).json()->getValue<int>("count"));
}

TEST_P(SeveralInstancesTest, OneIdempotencyKeyMakesOneOrderAcrossInstances) {
  const std::int64_t pens = item("Pens", "5.00", 100);
  const std::string me = shopper("baraka");
  auto headers = bearer(me);
  headers["Idempotency-Key"] = "several-instances-1";
  std::vector<int> statuses(6);
  std::vector<std::string> bodies(6);
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port(c % 3));
      const auto response = client.post("/api/orders/", orderBody({{pens, 3}}), headers);
      statuses[static_cast<std::size_t>(c)] = response.status;
      bodies[static_cast<std::size_t>(c)] = response.body;
    });
  }
  for (auto& client : clients)
    client.join();
  std::string first;
  for (std::size_t c = 0; c < statuses.size(); ++c) {
    // The first answers 201; the rest replay it, or 409 while it still runs.
    EXPECT_TRUE(statuses[c] == 201 || statuses[c] == 409) << statuses[c];
    if (statuses[c] == 201) {
      if (first.empty())
        first = bodies[c];
      EXPECT_EQ(bodies[c], first);
    }
  }
  EXPECT_FALSE(first.empty());
  const auto mine = client_->get("/api/orders/", bearer(me)).json();
  EXPECT_EQ(mine->getValue<int>("count"), 1);
  EXPECT_EQ(client_->get("/api/inventory/" + std::to_string(pens) + "/", asStaff())
                .json()
                ->getValue<int>("reserved"),
            3);
}

// sealingInstance waits for a sealing pass and answers the pid of the duka process whose
// connection holds the sealer's lock (duka names its connections "duka/<pid>"), or 0.
pid_t sealingInstance(const std::string& connection) {
  host::PgConnection admin(connection);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  pid_t pid = 0;
  while (pid == 0 && std::chrono::steady_clock::now() < deadline) {
    // The sealer's lock is audit_seal_lock's row, locked FOR UPDATE: its xmax is the
    // holder's transaction while that runs.
    admin.run(
        "SELECT a.application_name FROM audit_seal_lock s JOIN pg_stat_activity a "
        "ON a.backend_xid = s.xmax WHERE s.id = 1 AND a.datname = current_database()",
        {}, [&](const SqlRow& row) {
          const std::string name = row.text(0);
          if (name.rfind("duka/", 0) == 0)
            pid = static_cast<pid_t>(std::stol(name.substr(5)));
        });
  }
  return pid;
}

// The instance that holds the sealer's lock is killed (SIGKILL) in the middle of a pass,
// under load; another instance takes the sealing over, and the chain has no fork and no gap.
TEST_P(SeveralInstancesTest, TheChainVerifiesAfterTheSealingInstanceIsKilledMidLoad) {
  const std::int64_t pens = item("Pens", "5.00", 1000000);
  const std::string me = shopper("imani");
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port(c));
      try {
        while (!stop) {
          const auto response = client.post("/api/orders/", orderBody({{pens, 1}}), bearer(me));
          EXPECT_TRUE(response.status == 201 || response.status == 503) << response.status;
          ++answered;
        }
      } catch (const std::exception&) {
        // the killed instance stops answering
      }
    });
  }
  auto finish = [&] {
    stop = true;
    for (auto& client : clients)
      client.join();
  };
  std::this_thread::sleep_for(300ms);
  const pid_t sealer = sealingInstance(db_->config().connection);
  std::unique_ptr<DukaProcess>* victim = nullptr;
  for (auto* instance : {&server_, &others_[0], &others_[1]}) {
    if (sealer != 0 && (*instance)->pid() == sealer)
      victim = instance;
  }
  if (!victim) {
    finish();
    FAIL() << "no sealing pass of this test's instances seen (pid " << sealer << ")";
  }
  (*victim)->kill();
  const int before = answered.load();
  std::this_thread::sleep_for(700ms);
  finish();
  EXPECT_GT(answered.load(), before);  // the others kept serving
  victim->reset();
  HttpClient client(server_ ? server_->port() : others_[0]->port());
  const auto verify = verified(client);
  EXPECT_TRUE(verify->getValue<bool>("ok"));
  EXPECT_EQ(verify->getValue<int>("unsealed"), 0);
  EXPECT_GT(verify->getValue<int>("rows"), 10);
}

// A customer deleted on one instance is gone from another's /api/me/ within the customer
// links' bound on PostgreSQL (1 s).
TEST_P(SeveralInstancesTest, ADeletionReachesTheOtherInstancesCachesWithinASecond) {
  std::int64_t customerId = 0;
  const std::string me = shopper("zawadi", &customerId);
  HttpClient a(port(1));
  EXPECT_EQ(a.get("/api/me/", bearer(me)).json()->getValue<Poco::Int64>("customer_id"), customerId);
  HttpClient b(port(2));
  ASSERT_EQ(b.request("DELETE", "/api/customers/" + std::to_string(customerId) + "/", "", asStaff())
                .status,
            204);
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(a.get("/api/me/", bearer(me)).json()->isNull("customer_id"));
}

INSTANTIATE_TEST_SUITE_P(Postgresql, SeveralInstancesTest, ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
