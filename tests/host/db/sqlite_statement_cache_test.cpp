// SqliteStatementCache on an in-memory SQLite database: a text's statement is reused, a text
// in use twice at once gets two, the capacity bounds the idle statements, and close()
// finalizes what is idle and what comes back later.
#include "db/sqlite_statement_cache.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

namespace duka::host {
namespace {

class SqliteStatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK); }
  void TearDown() override {
    cache_.reset();
    // Every statement was finalized: the connection closes.
    EXPECT_EQ(sqlite3_close(db_), SQLITE_OK);
  }
  CompiledStatement takeOrCompile(const std::string& sql) {
    if (auto cached = cache_->take(sql))
      return *cached;
    CompiledStatement compiled;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &compiled.statement, nullptr), SQLITE_OK);
    return compiled;
  }

  sqlite3* db_ = nullptr;
  std::optional<SqliteStatementCache> cache_{std::in_place, 2};
};

TEST_F(SqliteStatementCacheTest, AKeptStatementIsTakenAgainForTheSameText) {
  const CompiledStatement first = takeOrCompile("SELECT 1");
  cache_->keep("SELECT 1", first);
  EXPECT_EQ(cache_->idleCount(), 1u);
  const CompiledStatement again = takeOrCompile("SELECT 1");
  EXPECT_EQ(again.statement, first.statement);
  EXPECT_EQ(cache_->hits(), 1u);
  EXPECT_EQ(cache_->misses(), 1u);
  EXPECT_FALSE(cache_->take("SELECT 2"));
  cache_->keep("SELECT 1", again);
}

TEST_F(SqliteStatementCacheTest, ATextInUseTwiceAtOnceHasTwoStatements) {
  const CompiledStatement outer = takeOrCompile("SELECT 1");
  const CompiledStatement inner = takeOrCompile("SELECT 1");
  EXPECT_NE(outer.statement, inner.statement);
  cache_->keep("SELECT 1", inner);
  cache_->keep("SELECT 1", outer);
  EXPECT_EQ(cache_->idleCount(), 2u);
  const CompiledStatement a = takeOrCompile("SELECT 1");
  const CompiledStatement b = takeOrCompile("SELECT 1");
  EXPECT_EQ(cache_->hits(), 2u);
  cache_->keep("SELECT 1", a);
  cache_->keep("SELECT 1", b);
}

TEST_F(SqliteStatementCacheTest, PastTheCapacityTheLeastRecentlyKeptTextGoes) {
  for (const char* sql : {"SELECT 1", "SELECT 2", "SELECT 3"})
    cache_->keep(sql, takeOrCompile(sql));
  EXPECT_EQ(cache_->idleCount(), 2u);
  EXPECT_FALSE(cache_->take("SELECT 1"));
  // Taking and keeping "SELECT 2" makes it the most recent: "SELECT 3" goes next.
  cache_->keep("SELECT 2", takeOrCompile("SELECT 2"));
  cache_->keep("SELECT 4", takeOrCompile("SELECT 4"));
  EXPECT_FALSE(cache_->take("SELECT 3"));
  const auto two = cache_->take("SELECT 2");
  ASSERT_TRUE(two);
  cache_->keep("SELECT 2", *two);
}

TEST_F(SqliteStatementCacheTest, AStatementKeptAfterCloseIsFinalized) {
  const CompiledStatement out = takeOrCompile("SELECT 1");
  cache_->keep("SELECT 1", out);
  const CompiledStatement taken = takeOrCompile("SELECT 1");
  cache_->keep("SELECT 2", takeOrCompile("SELECT 2"));
  cache_->close();
  EXPECT_EQ(cache_->idleCount(), 0u);
  cache_->keep("SELECT 1", taken);  // its entry stayed while it was out
  EXPECT_EQ(cache_->idleCount(), 0u);
  EXPECT_FALSE(cache_->take("SELECT 1"));
}

}  // namespace
}  // namespace duka::host
