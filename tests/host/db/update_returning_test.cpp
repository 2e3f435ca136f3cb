// UpdateReturning: which UPDATE ... RETURNING texts split, and a SQLite connection running a
// split one answers what RETURNING would: the rows after the update, none when the guard
// fails, a moved rowid's row, and the statement as written where a split could differ.
#include "db/update_returning.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "db/sqlite_connection.hpp"
#include "db_fixture.hpp"

namespace duka::host {
namespace {

TEST(SplitUpdateReturning, APlainUpdateSplitsIntoTheUpdateAndASelectByRowid) {
  const auto split = splitUpdateReturning(
      "UPDATE items SET reserved = reserved + $1 WHERE id = $2 AND on_hand >= $1 RETURNING id, "
      "reserved");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->table, "items");
  EXPECT_EQ(split->update,
            "UPDATE items SET reserved = reserved + $1 WHERE id = $2 AND on_hand >= $1 ");
  EXPECT_EQ(split->select, "SELECT id, reserved FROM items WHERE rowid = ?1");

  const auto lower = splitUpdateReturning("update or ignore items set a = 1 returning *");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->table, "items");
  EXPECT_EQ(lower->select, "SELECT * FROM items WHERE rowid = ?1");

  // Expressions of the row alone read the same after the update.
  const auto expressions = splitUpdateReturning(
      "UPDATE items SET a = 1 RETURNING id, COALESCE(sku, ''), a + 1 AS next, \"b\"");
  ASSERT_TRUE(expressions);
  EXPECT_EQ(expressions->select,
            "SELECT id, COALESCE(sku, ''), a + 1 AS next, \"b\" FROM items WHERE rowid = ?1");
}

TEST(SplitUpdateReturning, WhatASelectByRowidCouldNotRepeatRunsAsWritten) {
  for (const char* sql : {
           "UPDATE items SET a = 1",                      // nothing returned
           "UPDATE items SET a = 1 RETURNING changes()",  // not the row's
           "UPDATE items SET a = 1 RETURNING random()",
           "UPDATE items SET a = 1 RETURNING a + $1",                  // a parameter
           "UPDATE items SET a = 1 RETURNING a, (SELECT 1)",           // a subquery
           "UPDATE items SET a = 1 RETURNING a;",                      // a trailing semicolon
           "UPDATE items SET a = 1 RETURNING a -- the new a",          // a comment
           "UPDATE items SET a = 1 RETURNING ",                        // an empty list
           "UPDATE items AS i SET a = 1 RETURNING a",                  // the table's alias
           "UPDATE main.items SET a = 1 RETURNING a",                  // a schema
           "UPDATE \"items\" SET a = 1 RETURNING a",                   // a quoted name
           "WITH x AS (SELECT 1) UPDATE items SET a = 1 RETURNING a",  // a WITH clause
           "SELECT a FROM items",
           "UPDATE items SET a = 'RETURNING b'",                // the word in a string
           "UPDATE items SET a = (SELECT 1) -- RETURNING b\n",  // in a comment
           "UPDATE items SET a = /* RETURNING b */ 1",
       }) {
    EXPECT_FALSE(splitUpdateReturning(sql)) << sql;
  }
  // The word inside parentheses is a subquery's, not the statement's.
  const auto outer = splitUpdateReturning("UPDATE items SET a = (SELECT 'x)') RETURNING a");
  ASSERT_TRUE(outer);
  EXPECT_EQ(outer->update, "UPDATE items SET a = (SELECT 'x)') ");
}

class SplitRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(dir_.file("split.db"), "off");
    connection_->execute(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, on_hand BIGINT "
        "NOT NULL, reserved BIGINT NOT NULL DEFAULT 0)");
    for (const char* name : {"a", "b", "c"})
      connection_->run("INSERT INTO items (name, on_hand) VALUES ($1, 10)", {name});
  }

  struct Returned {
    std::int64_t id;
    std::string name;
    std::int64_t reserved;
  };
  std::vector<Returned> run(const std::string& sql, std::vector<SqlValue> values,
                            std::size_t* count = nullptr) {
    std::vector<Returned> rows;
    const std::size_t n = connection_->runValues(sql, values, [&](const SqlRow& row) {
      rows.push_back({row.integer(0), row.text(1), row.integer(2)});
    });
    if (count != nullptr)
      *count = n;
    return rows;
  }

  static constexpr const char* kReserve =
      "UPDATE items SET reserved = reserved + $1 WHERE id = $2 AND on_hand - reserved >= $1 "
      "RETURNING id, COALESCE(name, ''), reserved";

  test::TempDir dir_;
  std::optional<SqliteConnection> connection_;
};

TEST_F(SplitRunTest, AGuardedUpdateAnswersTheRowAfterItOrNoneWhenTheGuardFails) {
  std::size_t count = 0;
  const auto first = run(kReserve, {4, 2}, &count);
  ASSERT_NE(connection_->splitOf(kReserve), nullptr);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(first[0].id, 2);
  EXPECT_EQ(first[0].name, "b");
  EXPECT_EQ(first[0].reserved, 4);
  EXPECT_EQ(run(kReserve, {4, 2})[0].reserved, 8);
  EXPECT_TRUE(run(kReserve, {4, 2}, &count).empty());  // 2 left
  EXPECT_EQ(count, 0u);
  EXPECT_TRUE(run(kReserve, {1, 99}).empty());  // no such row
}

TEST_F(SplitRunTest, EveryChangedRowComesBackAndAMovedRowidIsFollowed) {
  const std::string all = "UPDATE items SET reserved = reserved + 1 RETURNING id, name, reserved";
  const auto rows = run(all, {});
  ASSERT_NE(connection_->splitOf(all), nullptr);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "a");
  EXPECT_EQ(rows[2].name, "c");
  EXPECT_EQ(rows[2].reserved, 1);

  const std::string move =
      "UPDATE items SET id = id + 100 WHERE id = $1 RETURNING id, name, reserved";
  const auto moved = run(move, {1});
  ASSERT_NE(connection_->splitOf(move), nullptr);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].id, 101);
  EXPECT_EQ(moved[0].name, "a");
}

TEST_F(SplitRunTest, AFailedUpdateThrowsAndTheNextSplitStillAnswers) {
  const std::string rename =
      "UPDATE items SET name = $1 WHERE id = $2 RETURNING id, name, reserved";
  EXPECT_THROW(run(rename, {"b", 1}), SqlError);  // b is taken
  const auto renamed = run(rename, {"z", 1});
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0].name, "z");
  EXPECT_EQ(run(kReserve, {1, 3}).size(), 1u);
}

TEST_F(SplitRunTest, ATableWithTriggersOrWithoutRowidRunsAsWritten) {
  // A trigger's own changes would show in a read after the update, not in RETURNING.
  connection_->execute(
      "CREATE TRIGGER items_touch AFTER UPDATE OF reserved ON items BEGIN UPDATE items SET "
      "on_hand = on_hand WHERE id = NEW.id; END");
  EXPECT_EQ(connection_->splitOf(kReserve), nullptr);
  EXPECT_EQ(run(kReserve, {1, 1}).size(), 1u);

  connection_->execute(
      "CREATE TABLE keyed (name TEXT PRIMARY KEY, reserved BIGINT NOT NULL) WITHOUT ROWID");
  connection_->run("INSERT INTO keyed VALUES ('k', 0)");
  const std::string keyed =
      "UPDATE keyed SET reserved = reserved + 1 WHERE name = $1 RETURNING reserved, name, reserved";
  EXPECT_EQ(connection_->splitOf(keyed), nullptr);
  std::size_t count = 0;
  connection_->runValues(keyed, std::vector<SqlValue>{"k"}, [&](const SqlRow&) { ++count; });
  EXPECT_EQ(count, 1u);
}

TEST_F(SplitRunTest, ATemporaryTriggerCountsToo) {
  connection_->execute(
      "CREATE TEMP TRIGGER items_touch AFTER UPDATE ON main.items BEGIN SELECT 1; END");
  EXPECT_EQ(connection_->splitOf(kReserve), nullptr);
  EXPECT_EQ(run(kReserve, {1, 1}).size(), 1u);
}

// A row's callback may run statements, DDL among them, which forgets the splits while the
// split's rows are still being read.
TEST_F(SplitRunTest, AStatementRunFromARowsCallbackLeavesTheRunWhole) {
  const std::string all = "UPDATE items SET reserved = reserved + 1 RETURNING id, name, reserved";
  std::vector<std::string> names;
  connection_->run(all, {}, [&](const SqlRow& row) {
    names.push_back(row.text(1));
    connection_->execute("CREATE TABLE seen_" + row.text(1) + " (a)");
  });
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(SplitRunTest, ATriggerCreatedAfterASplitEndsIt) {
  EXPECT_EQ(run(kReserve, {1, 1}).size(), 1u);
  ASSERT_NE(connection_->splitOf(kReserve), nullptr);
  connection_->execute("CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN SELECT 1; END");
  EXPECT_EQ(connection_->splitOf(kReserve), nullptr);
  EXPECT_EQ(run(kReserve, {1, 1})[0].reserved, 2);
}

}  // namespace
}  // namespace duka::host
