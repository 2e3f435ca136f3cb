// ReadMemo and the transaction that keeps one: a plain read of one table made twice in a
// transaction goes to the database once; a write to that table (or a statement whose table
// cannot be told) makes the next read go again; joins, locks, volatile functions and large
// results are never remembered. The connection is a fake that counts what reaches it.
#include "db/read_memo.hpp"

#include <gtest/gtest.h>

#include "db/sql_transaction.hpp"

namespace duka::host {
namespace {

TEST(ReadMemo, TellsThePlainReadsOfOneTable) {
  EXPECT_EQ(ReadMemo::tableRead("SELECT id, name FROM customers_customers WHERE id = $1"),
            "customers_customers");
  EXPECT_EQ(ReadMemo::tableRead("  select a FROM t"), "t");
  EXPECT_EQ(ReadMemo::tableRead("SELECT a FROM t ORDER BY a LIMIT 3"), "t");
  for (const char* sql :
       {"SELECT a FROM t JOIN u ON u.id = t.id", "SELECT a FROM t WHERE id IN (SELECT 1)",
        "SELECT a FROM t WHERE id = $1 FOR UPDATE", "SELECT a FROM t WHERE id = $1{{for_update}}",
        "SELECT a, COUNT(*) OVER () FROM t", "SELECT random() FROM t",
        "SELECT pg_current_xact_id_if_assigned()", "SELECT a FROM t, u",
        "SELECT a FROM t UNION SELECT a FROM u", "UPDATE t SET a = 1 RETURNING a",
        "SELECT a FROM t; DELETE FROM t", "SELECT now() FROM t"})
    EXPECT_EQ(ReadMemo::tableRead(sql), std::nullopt) << sql;
}

TEST(ReadMemo, TellsTheTableAWriteChanges) {
  EXPECT_EQ(ReadMemo::tableWritten("INSERT INTO orders_orders (a) VALUES ($1)"), "orders_orders");
  EXPECT_EQ(ReadMemo::tableWritten("update inventory_items SET reserved = 1"), "inventory_items");
  EXPECT_EQ(ReadMemo::tableWritten("DELETE FROM t WHERE id = 1"), "t");
  EXPECT_EQ(ReadMemo::tableWritten("WITH x AS (DELETE FROM t RETURNING *) SELECT 1"), std::nullopt);
  EXPECT_EQ(ReadMemo::tableWritten("CREATE TABLE t (a INTEGER)"), std::nullopt);
}

TEST(ReadMemo, KnowsEachTextOnceAndStaysRightPastItsBound) {
  const auto& read = ReadMemo::statementOf("SELECT a FROM t WHERE id = $1");
  EXPECT_TRUE(read.select);
  EXPECT_EQ(read.tableRead, "t");
  EXPECT_EQ(read.tableWritten, std::nullopt);
  EXPECT_EQ(&ReadMemo::statementOf("SELECT a FROM t WHERE id = $1"), &read);
  // More texts than the bound: each is still told right.
  for (std::size_t i = 0; i < ReadMemo::kMaxKnown * 2 + 3; ++i) {
    const std::string table = "t" + std::to_string(i);
    const auto& write = ReadMemo::statementOf("UPDATE " + table + " SET a = 1");
    EXPECT_FALSE(write.select);
    EXPECT_EQ(write.tableRead, std::nullopt);
    ASSERT_EQ(write.tableWritten, table);
  }
  EXPECT_EQ(ReadMemo::statementOf("SELECT a FROM t JOIN u ON u.id = t.id").tableRead, std::nullopt);
  // A text longer than what is kept is told all the same.
  const std::string longRead =
      "SELECT a FROM t WHERE a = '" + std::string(ReadMemo::kMaxKnownLength, 'x') + "'";
  EXPECT_EQ(ReadMemo::statementOf(longRead).tableRead, "t");
  EXPECT_EQ(ReadMemo::statementOf("DELETE FROM u").tableWritten, "u");
}

// CountingConnection answers every read with `rows` rows of (id, "name") and counts the
// statements that reach it.
class CountingConnection final : public SqlConnection {
 public:
  Backend backend() const override { return Backend::Sqlite; }
  void execute(std::string_view) override {}
  void begin() override {}
  void commit() override {}
  void rollback() override {}
  bool usable() const override { return true; }

  int statements = 0;
  int rows = 1;

 protected:
  RowCount runStatement(std::string_view, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t*) override {
    ++statements;
    class Row final : public SqlRow {
     public:
      explicit Row(std::int64_t id) : id_(id) {}
      int columns() const override { return 2; }
      bool isNull(int) const override { return false; }
      std::int64_t integer(int column) const override { return column == 0 ? id_ : 0; }
      std::string text(int column) const override {
        return column == 0 ? std::to_string(id_) : "name " + std::to_string(id_);
      }

     private:
      std::int64_t id_;
    };
    const auto* first = values.empty() ? nullptr : std::get_if<std::int64_t>(&values[0]);
    const std::int64_t id = first ? *first : 0;
    for (int i = 0; onRow && i < rows; ++i)
      onRow(Row(id + i));
    return RowCount(nullptr, 0, static_cast<std::size_t>(onRow ? rows : 1));
  }
};

class ReadMemoTransactionTest : public ::testing::Test {
 protected:
  // read runs the customer read and answers its names.
  std::vector<std::string> read(std::int64_t id) {
    std::vector<std::string> names;
    transaction_.run("SELECT id, name FROM customers WHERE id = $1", {id},
                     [&](const SqlRow& row) { names.push_back(row.text(1)); });
    return names;
  }

  CountingConnection connection_;
  EventSubscribers subscribers_;
  SqlTransaction transaction_{connection_, EventContext::system("test"), subscribers_};
};

TEST_F(ReadMemoTransactionTest, ASecondReadIsAnsweredFromTheFirst) {
  EXPECT_EQ(read(7), std::vector<std::string>{"name 7"});
  EXPECT_EQ(read(7), std::vector<std::string>{"name 7"});
  EXPECT_EQ(connection_.statements, 1);
  std::size_t count = transaction_.run("SELECT id, name FROM customers WHERE id = $1",
                                       {std::int64_t{7}}, [](const SqlRow&) {});
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(connection_.statements, 1);
  read(8);  // other values: another read
  EXPECT_EQ(connection_.statements, 2);
}

TEST_F(ReadMemoTransactionTest, AWriteToTheTableOrAnUnknownStatementForgetsItsReads) {
  read(7);
  transaction_.run("INSERT INTO orders (customer_id) VALUES ($1)", {std::int64_t{7}});
  read(7);
  EXPECT_EQ(connection_.statements, 2);  // another table: still remembered
  transaction_.run("UPDATE customers SET name = $1 WHERE id = 7", {"new"});
  read(7);
  EXPECT_EQ(connection_.statements, 4);
  transaction_.run("CREATE TEMPORARY TABLE x (a INTEGER)");
  read(7);
  EXPECT_EQ(connection_.statements, 6);
}

TEST_F(ReadMemoTransactionTest, LargeResultsAreNotRemembered) {
  connection_.rows = ReadMemo::kMaxRows + 1;
  EXPECT_EQ(read(1).size(), ReadMemo::kMaxRows + 1);
  EXPECT_EQ(read(1).size(), ReadMemo::kMaxRows + 1);
  EXPECT_EQ(connection_.statements, 2);
}

}  // namespace
}  // namespace duka::host
