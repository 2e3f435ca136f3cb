// Expiry of unpaid pending orders through the real binary, on SQLite and PostgreSQL: with
// `[orders] expire_pending_after_min`, the pass at start cancels the pending, unpaid orders
// older than that (reason "expired", stock released, audited), and leaves the rest.
#include <thread>

#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

class OrderExpiryTest : public ShopTest {
 protected:
  std::string moreIni() const override { return "[orders]\nexpire_pending_after_min = 30\n"; }

  std::int64_t order(const std::string& token, std::int64_t item) {
    const auto response = client_->post("/api/orders/", orderBody({{item, 2}}), bearer(token));
    if (response.status != 201)
      throw std::runtime_error("order: " + response.body);
    return response.json()->getValue<Poco::Int64>("id");
  }
  Poco::JSON::Object::Ptr read(std::int64_t id) {
    return client_->get("/api/orders/" + std::to_string(id) + "/", asStaff()).json();
  }
  // age moves the orders' creation an hour back, as if they had waited that long.
  void age(const std::vector<std::int64_t>& ids) {
    host::EventDispatcher events;
    auto sql = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
    sql->write(EventContext::system("test"), [&](Transaction& tx) {
      for (const auto id : ids)
        tx.run("UPDATE orders_orders SET created_at = '2000-01-01T00:00:00Z' WHERE id = $1", {id});
    });
    sql->close();
  }
  // cancellation is the order's order.cancelled audit entry.
  Poco::JSON::Object::Ptr cancellation(std::int64_t id) {
    const auto entries = client_->get("/api/orders/" + std::to_string(id) + "/history/", asStaff())
                             .json()
                             ->getArray("results");
    for (unsigned i = 0; entries && i < entries->size(); ++i) {
      if (entries->getObject(i)->getValue<std::string>("action") == "order.cancelled")
        return entries->getObject(i);
    }
    throw std::runtime_error("no order.cancelled entry for order " + std::to_string(id));
  }
  void restart() {
    server_->stop();
    startWith(testPluginDir(), "auth, customers, inventory, orders, audit, event_recorder",
              "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni());
    staff_ = login(*client_, "boss").access;
  }
};

TEST_P(OrderExpiryTest, AnOldUnpaidPendingOrderIsCancelledAsExpiredAndTheRestStay) {
  const auto sugar = item("Sugar 1kg", "150.00", 10);
  const std::string token = shopper("wanjiku");
  const auto old = order(token, sugar);
  const auto approved = order(token, sugar);
  const auto fresh = order(token, sugar);
  ASSERT_EQ(
      client_
          ->request("PUT", "/api/orders/" + std::to_string(approved) + "/approve/", "", asStaff())
          .status,
      200);
  EXPECT_EQ(stock(sugar)->getValue<Poco::Int64>("reserved"), 4);
  age({old, approved});
  restart();

  // The pass at start; it runs beside the first requests.
  for (int i = 0; i < 100 && read(old)->getValue<std::string>("status") != "cancelled"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(read(old)->getValue<std::string>("status"), "cancelled");
  EXPECT_EQ(read(approved)->getValue<std::string>("status"), "approved");  // not pending
  EXPECT_EQ(read(fresh)->getValue<std::string>("status"), "pending");      // not old
  EXPECT_EQ(stock(sugar)->getValue<Poco::Int64>("reserved"), 2);  // the fresh order's, still held

  const auto last = cancellation(old);
  EXPECT_EQ(last->getValue<std::string>("action"), "order.cancelled");
  EXPECT_TRUE(last->isNull("actor"));  // no one asked: the system did it
  EXPECT_EQ(last->getValue<std::string>("request_id"), "orders.expiry");
  EXPECT_EQ(last->getObject("data")->getValue<std::string>("reason"), "expired");
  EXPECT_EQ(last->getObject("data")->getValue<std::string>("previous_status"), "pending");
}

TEST_P(OrderExpiryTest, ACustomerOrStaffCancelNamesWhoCancelled) {
  const auto sugar = item("Sugar 1kg", "150.00", 10);
  const std::string token = shopper("achieng");
  const auto mine = order(token, sugar);
  const auto theirs = order(token, sugar);
  ASSERT_EQ(
      client_->request("PUT", "/api/orders/" + std::to_string(mine) + "/cancel/", "", bearer(token))
          .status,
      200);
  ASSERT_EQ(
      client_->request("PUT", "/api/orders/" + std::to_string(theirs) + "/cancel/", "", asStaff())
          .status,
      200);
  for (const auto& [id, reason] : {std::pair{mine, "customer"}, std::pair{theirs, "staff"}}) {
    const auto last = cancellation(id);
    EXPECT_EQ(last->getObject("data")->getValue<std::string>("reason"), reason);
  }
}

TEST_P(OrderExpiryTest, ExpiryIsOffByDefaultAndTheSettingIsChecked) {
  const auto check = runCli({"--check"});
  EXPECT_EQ(check.exitCode, 0) << check.output;
  server_->stop();
  const std::string ini = dir_.write(
      "bad.ini",
      serverIni(db_->iniSection(), testPluginDir(), "auth, customers, inventory, orders, audit",
                "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n"
                "[orders]\nexpire_pending_after_min = -5\n"));
  const auto bad = runDuka({"--config=" + ini, "--check"});
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_NE(bad.output.find("expire_pending_after_min"), std::string::npos) << bad.output;
}

DUKA_SERVER_BACKENDS(OrderExpiryTest);

}  // namespace
}  // namespace duka::test
