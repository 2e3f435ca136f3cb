// The sms_outbox's query plans: a delivery report reads the index of the message ids that
// are set. (Claims are the SDK's OutboxRunner's, tested in tests/sdk/outbox_runner_test.cpp.)
#include "outbox_repository.hpp"

#include <string>
#include <tuple>
#include <vector>

#include "db/migrator.hpp"
#include "host/db/db_fixture.hpp"
#include "sms_migrations.hpp"

namespace duka::sms {
namespace {

// OutboxPlanTest: the query plans SQLite makes for the outbox's statements.
class OutboxPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testDb_ = test::TestDatabase::create(Backend::Sqlite, dir_);
    db_ = host::SqlDatabase::open(testDb_->config(), events_, std::chrono::seconds(10));
    host::Migrator(*db_).apply({{"sms", schema()}});
  }
  void TearDown() override { db_->close(); }

  // planOf is the steps of EXPLAIN QUERY PLAN for sql with value bound to $1.
  std::vector<std::string> planOf(const std::string& sql, SqlValue value) {
    std::vector<std::string> steps;
    db_->run("EXPLAIN QUERY PLAN " + sql, {value},
             [&](const SqlRow& row) { steps.push_back(row.text(3)); });
    return steps;
  }

  test::TempDir dir_;
  host::EventDispatcher events_;
  std::unique_ptr<test::TestDatabase> testDb_;
  std::unique_ptr<host::SqlDatabase> db_;
};

// A delivery report finds its row through the index of the message ids that are set
// (migration 2), which new, unsent rows stay out of.
TEST_F(OutboxPlanTest, ADeliveryReportReadsTheMessageIdIndex) {
  const std::vector<std::string> plan = planOf(
      "UPDATE sms_outbox SET status = 'delivered' WHERE provider_message_id = $1 AND "
      "provider_message_id <> '' AND status = 'sent'",
      "ATXid_1");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_NE(plan[0].find("USING INDEX sms_outbox_message"), std::string::npos) << plan[0];
  std::string indexSql;
  db_->run("SELECT sql FROM sqlite_master WHERE name = 'sms_outbox_message'", {},
           [&](const SqlRow& row) { indexSql = row.text(0); });
  EXPECT_NE(indexSql.find("WHERE provider_message_id <> ''"), std::string::npos) << indexSql;
}

}  // namespace
}  // namespace duka::sms
