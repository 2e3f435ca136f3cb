// OutboxRepository against a real database on both backends: which row a claim takes, and
// that a claim reads the due index in order instead of sorting the whole backlog.
#include "outbox_repository.hpp"

#include <string>
#include <tuple>
#include <vector>

#include "db/migrator.hpp"
#include "host/db/db_fixture.hpp"
#include "sms_migrations.hpp"

namespace duka::sms {
namespace {

class OutboxRepositoryTest : public host::BackendTest {
 protected:
  void SetUp() override {
    host::BackendTest::SetUp();
    if (!db_)
      return;
    host::Migrator(*db_).apply({{"sms", schema()}});
    outbox_.emplace(*db_);
  }

  // add writes a row straight into the table, with the times given (ms).
  std::int64_t add(const std::string& status, std::int64_t nextAttemptMs,
                   std::int64_t leaseUntilMs = 0) {
    const std::string at = nowRfc3339();
    return db_->transact(EventContext::system("test"), [&](Transaction& tx) {
      return tx.insert(
          "INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, "
          "lease_until_ms, created_at, updated_at) "
          "VALUES ('order.created', '+254700000001', 'hi', $1, $2, $3, $4, $4)",
          {status, nextAttemptMs, leaseUntilMs, at});
    });
  }
  std::optional<OutboxRow> claim(std::int64_t nowMs) {
    return outbox_->settleAndClaim(std::nullopt, nowMs, nowMs + 60000, "log");
  }

  std::optional<OutboxRepository> outbox_;
};

TEST_P(OutboxRepositoryTest, AClaimTakesTheEarliestDueQueuedRowAndLeavesTheRest) {
  const auto later = add("queued", 2000);
  const auto first = add("queued", 1000);
  const auto tiedButNewer = add("queued", 1000);
  add("queued", 9000);  // not due yet
  add("sent", 0);
  add("failed", 0);

  auto row = claim(5000);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->id, first);
  EXPECT_EQ(row->status, "sending");
  EXPECT_EQ(claim(5000)->id, tiedButNewer);
  EXPECT_EQ(claim(5000)->id, later);
  EXPECT_FALSE(claim(5000));  // the last one is due at 9000
  EXPECT_EQ(claim(9000)->status, "sending");
  EXPECT_FALSE(claim(50000));  // every claimed row holds its lease (60 s)
}

TEST_P(OutboxRepositoryTest, ARowWhoseSenderDiedIsClaimedAgainOnceItsLeaseRunsOut) {
  const auto stuck = add("sending", 1000, 4000);
  const auto queued = add("queued", 500);
  // At 3000 the lease still holds: only the queued row is due.
  EXPECT_EQ(claim(3000)->id, queued);
  EXPECT_FALSE(claim(3000));
  auto again = claim(4000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, stuck);
  EXPECT_EQ(again->status, "sending");
  EXPECT_FALSE(claim(4000));  // it holds a new lease now
}

TEST_P(OutboxRepositoryTest, ARowPastItsLeaseGoesBeforeQueuedRows) {
  const auto queued = add("queued", 100);
  const auto stuck = add("sending", 200, 1000);
  EXPECT_EQ(claim(2000)->id, stuck);
  EXPECT_EQ(claim(2000)->id, queued);
}

DUKA_BACKENDS(OutboxRepositoryTest);

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

// With thousands of messages waiting (the dispatcher behind a burst of orders), each claim
// must read one index entry, not collect and sort every due row.
TEST_F(OutboxPlanTest, EachClaimQueryReadsTheDueIndexInOrder) {
  for (const std::string& query : OutboxRepository::claimQueries(Backend::Sqlite)) {
    const std::vector<std::string> plan = planOf(query, std::int64_t{0});
    std::string text;
    for (const auto& step : plan)
      text += step + "; ";
    EXPECT_EQ(plan.size(), 1u) << query << "\n" << text;
    EXPECT_NE(text.find("USING INDEX sms_outbox_due"), std::string::npos) << text;
    EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << text;
    EXPECT_EQ(text.find("MULTI-INDEX"), std::string::npos) << text;
  }
}

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
