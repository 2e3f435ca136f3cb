// The audit plugin through the real binary: a row per event, filters, access, and a chain
// that shows tampering.

#include <chrono>
#include <thread>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "plugins/shop_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class AuditTest : public ShopTest {
 protected:
  // directSession opens the test database behind duka's back, as an intruder would.
  std::unique_ptr<host::SqlConnection> directSession() {
    if (GetParam() == Backend::Sqlite)
      return std::make_unique<host::SqliteConnection>(db_->config().path, "full");
    return std::make_unique<host::PgConnection>(db_->config().connection);
  }
  // sealed waits until no audit row waits for its seal (PostgreSQL seals after commit) and
  // answers the last verification.
  Poco::JSON::Object::Ptr sealed(const std::map<std::string, std::string>& staff) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto verify = client_->get("/api/audit/verify/", staff).json();
      if (verify->getValue<int>("unsealed") == 0 || std::chrono::steady_clock::now() > deadline)
        return verify;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
};

TEST_P(AuditTest, OneRowPerEventWithFilters) {
  const std::int64_t id = item("Sukuma", "20.00", 10);
  const std::string me = shopper("tumaini");
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 1}}), bearer(me)).status, 201);
  const auto all = client_->get("/api/audit/", asStaff()).json();
  EXPECT_GE(all->getValue<int>("count"), 6);
  const auto created = client_->get("/api/audit/?action=order.created", asStaff()).json();
  ASSERT_EQ(created->getValue<int>("count"), 1);
  const auto row = created->getArray("results")->getObject(0);
  for (const char* field :
       {"id", "at", "action", "actor", "entity", "entity_id", "request_id", "data"})
    EXPECT_TRUE(row->has(field)) << field;
  EXPECT_EQ(row->getValue<std::string>("entity"), "order");
  EXPECT_EQ(row->getObject("data")->getValue<std::string>("status"), "pending");
  const std::string actor = row->getValue<std::string>("actor");
  EXPECT_GE(client_->get("/api/audit/?actor=" + actor, asStaff()).json()->getValue<int>("count"),
            2);
  EXPECT_EQ(client_->get("/api/audit/?entity=inventory&entity_id=" + std::to_string(id), asStaff())
                .json()
                ->getValue<int>("count"),
            1);
  EXPECT_EQ(client_->get("/api/audit/?since=2999-01-01T00:00:00Z", asStaff())
                .json()
                ->getValue<int>("count"),
            0);
  EXPECT_EQ(client_->get("/api/audit/?since=yesterday", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/audit/", bearer(me)).status, 403);
  EXPECT_EQ(client_->get("/api/audit/verify/", bearer(me)).status, 403);
  const auto verify = sealed(asStaff());
  EXPECT_TRUE(verify->getValue<bool>("ok"));
  EXPECT_EQ(verify->getValue<int>("rows"), all->getValue<int>("count"));
  EXPECT_EQ(verify->getValue<int>("unsealed"), 0);
  // Every row shows its seal once it has one.
  const auto shown = client_->get("/api/audit/", asStaff()).json()->getArray("results");
  for (unsigned i = 0; i < shown->size(); ++i)
    EXPECT_EQ(shown->getObject(i)->optValue<std::string>("hash", "").size(), 64u);
}

TEST_P(AuditTest, TamperingShows) {
  item("Nyanya", "10.00", 10);
  item("Vitunguu", "12.00", 10);
  ASSERT_TRUE(sealed(asStaff())->getValue<bool>("ok"));
  server_->stop();
  {
    const auto session = directSession();
    // The intruder first removes the append-only guard.
    session->execute(GetParam() == Backend::Sqlite
                         ? "DROP TRIGGER audit_log_no_update"
                         : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
    session->execute(
        "UPDATE audit_log SET data = replace(data, 'Vitunguu', 'Tomatoes') "
        "WHERE action = 'inventory.created' AND data LIKE '%Vitunguu%'");
  }
  startWith(testPluginDir(), "auth, customers, inventory, orders, audit, event_recorder",
            "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n");
  const auto verify =
      client_->get("/api/audit/verify/", bearer(login(*client_, "boss").access)).json();
  EXPECT_FALSE(verify->getValue<bool>("ok"));
  EXPECT_TRUE(verify->has("first_broken_id"));
}

TEST_P(AuditTest, RowsCannotBeChanged) {
  item("Ndizi", "15.00", 10);
  server_->stop();
  const auto session = directSession();
  EXPECT_ANY_THROW(session->execute("UPDATE audit_log SET action = 'x'"));
  EXPECT_ANY_THROW(session->execute("DELETE FROM audit_log"));
}

DUKA_SERVER_BACKENDS(AuditTest);

}  // namespace
}  // namespace duka::test
