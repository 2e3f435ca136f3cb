// A COMMIT cut off (SPEC 8, issue 32): the connection to PostgreSQL breaks after duka sent
// an order's COMMIT and before the answer came. duka learns the outcome from PostgreSQL
// (pg_xact_status, on a new connection) and answers it: 201 when the order committed, 503
// when it rolled back; and when PostgreSQL cannot be asked, 503 /problems/outcome-unknown,
// which a retry with the same Idempotency-Key resolves. Deterministic: a proxy between duka
// and PostgreSQL cuts the connection at the order's COMMIT.
#include <gtest/gtest.h>

#include "plugins/shop_fixture.hpp"
#include "support/commit_cutting_proxy.hpp"

namespace duka::test {
namespace {

using Cut = CommitCuttingProxy::Cut;

class CommitOutcomeTest : public ShopTest {
 protected:
  void SetUp() override {
    db_ = TestDatabase::create(GetParam(), dir_);
    if (!db_)
      GTEST_SKIP() << "no PostgreSQL test cluster";
    const std::string direct = db_->config().connection;
    const auto port = direct.substr(direct.find("port=") + 5);
    proxy_ = std::make_unique<CommitCuttingProxy>("127.0.0.1", std::stoi(port));
    db_->reachThrough(proxy_->through(direct));
    ShopTest::SetUp();
    goods_ = item("Goods", "2.50", 100);
    shopper_ = shopper("wanjiru");
  }
  void TearDown() override {
    server_.reset();
    proxy_.reset();
  }

  HttpResponse order(const std::string& key) {
    auto headers = bearer(shopper_);
    headers["Idempotency-Key"] = key;
    return client_->post("/api/orders/", orderBody({{goods_, 3}}), headers);
  }
  std::size_t orders() {
    return client_->get("/api/orders/?limit=1", asStaff()).json()->getValue<std::size_t>("count");
  }
  std::int64_t reserved() { return stock(goods_)->getValue<std::int64_t>("reserved"); }

  std::unique_ptr<CommitCuttingProxy> proxy_;
  std::int64_t goods_ = 0;
  std::string shopper_;
};

TEST_P(CommitOutcomeTest, ACommitThatReachedTheServerIsAnsweredAsCommitted) {
  proxy_->arm(Cut::AfterCommit, "cut-after-1");
  const auto placed = order("cut-after-1");
  EXPECT_TRUE(proxy_->fired());
  ASSERT_EQ(placed.status, 201) << placed.body;
  EXPECT_EQ(orders(), 1u);
  EXPECT_EQ(reserved(), 3);
  // The answer was kept as usual: the retry replays it.
  const auto retried = order("cut-after-1");
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(retried.json()->getValue<Poco::Int64>("id"),
            placed.json()->getValue<Poco::Int64>("id"));
  EXPECT_NE(server_->output().find("PostgreSQL says transaction"), std::string::npos);
  EXPECT_EQ(orders(), 1u);
}

TEST_P(CommitOutcomeTest, ACommitThatNeverArrivedIs503AndTheRetryOrdersOnce) {
  proxy_->arm(Cut::BeforeCommit, "cut-before-1");
  const auto lost = order("cut-before-1");
  EXPECT_TRUE(proxy_->fired());
  EXPECT_EQ(lost.status, 503) << lost.body;
  EXPECT_EQ(lost.json()->getValue<std::string>("type"), "/problems/unavailable");
  EXPECT_EQ(lost.header("Retry-After"), "1");
  EXPECT_EQ(orders(), 0u);
  EXPECT_EQ(reserved(), 0);
  const auto retried = order("cut-before-1");
  EXPECT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(orders(), 1u);
  EXPECT_EQ(reserved(), 3);
}

TEST_P(CommitOutcomeTest, AnOutcomeThatCannotBeLearnedIsSaidSoAndTheRetryResolvesIt) {
  // Committed, and PostgreSQL out of reach for longer than duka asks (5 s).
  proxy_->refuse(true);
  proxy_->arm(Cut::AfterCommit, "unknown-1");
  const auto unknown = order("unknown-1");
  EXPECT_TRUE(proxy_->fired());
  EXPECT_EQ(unknown.status, 503) << unknown.body;
  EXPECT_EQ(unknown.json()->getValue<std::string>("type"), "/problems/outcome-unknown");
  EXPECT_EQ(unknown.header("Retry-After"), "1");
  proxy_->refuse(false);
  // It did commit: the retry says so instead of ordering again.
  const auto retried = order("unknown-1");
  EXPECT_EQ(retried.status, 409) << retried.body;
  EXPECT_NE(retried.body.find("made its change"), std::string::npos) << retried.body;
  EXPECT_EQ(orders(), 1u);
  EXPECT_EQ(reserved(), 3);

  // Rolled back, and out of reach: the retry orders.
  proxy_->refuse(true);
  proxy_->arm(Cut::BeforeCommit, "unknown-2");
  const auto unknownToo = order("unknown-2");
  EXPECT_EQ(unknownToo.status, 503) << unknownToo.body;
  EXPECT_EQ(unknownToo.json()->getValue<std::string>("type"), "/problems/outcome-unknown");
  proxy_->refuse(false);
  const auto ordered = order("unknown-2");
  EXPECT_EQ(ordered.status, 201) << ordered.body;
  EXPECT_EQ(orders(), 2u);
  EXPECT_EQ(reserved(), 6);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, CommitOutcomeTest, ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
