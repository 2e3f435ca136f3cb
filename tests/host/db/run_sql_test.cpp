// runSql and insertSql (duka/sql.hpp) on both backends through the host's database (the
// native SQLite path, Poco::Data on PostgreSQL) and on a plain Poco SQLite session: values
// in, rows out, counts, errors, and statements shared with Poco statements of the same text.
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/caching_sqlite_session.hpp"
#include "db/migrator.hpp"
#include "db_fixture.hpp"
#include "duka/sql.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::host {
namespace {

// Stored is one row of r_rows as runSql reads it.
struct Stored {
  std::int64_t id = 0;
  std::string name;
  bool noteIsNull = false;
  std::string note;
  std::int64_t amount = 0;
};

const char* const kSelect = "SELECT id, name, note, amount FROM r_rows WHERE id >= $1 ORDER BY id";
const char* const kInsert = "INSERT INTO r_rows (name, note, amount) VALUES ($1, $2, $3)";

std::vector<Stored> readRows(Poco::Data::Session& session, std::int64_t fromId = 0) {
  std::vector<Stored> rows;
  runSql(session, kSelect, {fromId}, [&](const SqlRow& row) {
    rows.push_back({row.integer(0), row.text(1), row.isNull(2), row.text(2), row.integer(3)});
  });
  return rows;
}

class RunSqlTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!db_)
      return;
    Migrator(*db_).apply({{"r",
                           {{.version = 1,
                             .description = "r",
                             .statements = {"CREATE TABLE r_rows (id {{id}}, name TEXT NOT NULL "
                                            "UNIQUE, note TEXT, amount BIGINT NOT NULL)"},
                             .postgresql = {}}}}});
  }

  std::int64_t insert(const std::string& name, SqlValue note, std::int64_t amount) {
    return db_->transact(EventContext::system("test"), [&](Transaction& tx) {
      return insertSql(tx, kInsert, {name, note, amount});
    });
  }
};

TEST_P(RunSqlTest, InsertsReturnTheirIdsAndRowsReadBackWithNullsTextAndExtremeIntegers) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(insert("first", nullptr, kMax), 1);
  EXPECT_EQ(insert("ünïcødé 名前 🛒", std::string_view("a note"), kMin), 2);
  EXPECT_EQ(insert("empty note", std::string_view(), 0), 3);  // "" is text, not NULL

  DbSession session = db_->session();
  const std::vector<Stored> rows = readRows(*session);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].id, 1);
  EXPECT_EQ(rows[0].name, "first");
  EXPECT_TRUE(rows[0].noteIsNull);
  EXPECT_EQ(rows[0].note, "");
  EXPECT_EQ(rows[0].amount, kMax);
  EXPECT_EQ(rows[1].name, "ünïcødé 名前 🛒");
  EXPECT_FALSE(rows[1].noteIsNull);
  EXPECT_EQ(rows[1].note, "a note");
  EXPECT_EQ(rows[1].amount, kMin);
  EXPECT_FALSE(rows[2].noteIsNull);
  EXPECT_EQ(rows[2].note, "");

  // The same statement again, with another value: only the rows it now selects.
  EXPECT_EQ(readRows(*session, 2).size(), 2u);
  EXPECT_EQ(runSql(*session, kSelect, {std::int64_t{3}}), 1u);  // rows read, no callback
  EXPECT_EQ(runSql(*session, kSelect, {std::int64_t{4}}), 0u);
}

TEST_P(RunSqlTest, UpdatesAndDeletesCountTheRowsTheyChanged) {
  for (const char* name : {"a", "b", "c"})
    insert(name, nullptr, 10);
  db_->write(EventContext::system("test"), [](Transaction& tx) {
    EXPECT_EQ(
        runSql(tx.session(), "UPDATE r_rows SET amount = amount + $1 WHERE amount = $2", {5, 10}),
        3u);
    EXPECT_EQ(runSql(tx.session(), "UPDATE r_rows SET note = $1 WHERE name = $2",
                     {std::string_view("x"), std::string_view("nobody")}),
              0u);
    EXPECT_EQ(runSql(tx.session(), "DELETE FROM r_rows WHERE name = $1", {std::string_view("b")}),
              1u);
  });
  DbSession session = db_->session();
  const std::vector<Stored> rows = readRows(*session);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].amount, 15);
  EXPECT_EQ(rows[1].name, "c");
}

TEST_P(RunSqlTest, AUniqueViolationThrowsRollsBackAndLeavesTheStatementUsable) {
  insert("taken", nullptr, 1);
  try {
    db_->write(EventContext::system("test"), [](Transaction& tx) {
      insertSql(tx, kInsert, {std::string_view("new"), nullptr, 2});
      insertSql(tx, kInsert, {std::string_view("taken"), nullptr, 3});
    });
    FAIL() << "the duplicate name was accepted";
  } catch (const std::exception& e) {
    EXPECT_TRUE(isUniqueViolation(e)) << e.what();
  }
  EXPECT_EQ(count("r_rows"), 1);  // "new" went with the transaction
  EXPECT_GT(insert("after", nullptr, 4), 1);
  EXPECT_EQ(count("r_rows"), 2);
}

TEST_P(RunSqlTest, AThrowingRowCallbackPropagatesAndTheNextRunStartsFresh) {
  for (const char* name : {"a", "b", "c"})
    insert(name, nullptr, 1);
  DbSession session = db_->session();
  int seen = 0;
  EXPECT_THROW(runSql(*session, kSelect, {std::int64_t{0}},
                      [&](const SqlRow&) {
                        if (++seen == 2)
                          throw std::runtime_error("stop");
                      }),
               std::runtime_error);
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(readRows(*session).size(), 3u);  // from the first row again
}

TEST_P(RunSqlTest, TooFewOrTooManyValuesAreRefused) {
  DbSession session = db_->session();
  EXPECT_ANY_THROW(runSql(*session, kSelect, {}));
  EXPECT_ANY_THROW(runSql(*session, kSelect, {1, 2}));
  EXPECT_EQ(readRows(*session).size(), 0u);  // the session still works
}

TEST_P(RunSqlTest, SharesTextsWithPocoStatementsInBothOrders) {
  insert("shared", std::string_view("n"), 7);
  DbSession session = db_->session();
  const std::string byId = "SELECT name FROM r_rows WHERE id = $1";
  for (int round = 0; round < 2; ++round) {
    std::string viaRunSql;
    runSql(*session, byId, {1}, [&](const SqlRow& row) { viaRunSql = row.text(0); });
    std::string viaPoco;
    int id = 1;
    *session << byId, use(id), into(viaPoco), now;
    EXPECT_EQ(viaRunSql, "shared");
    EXPECT_EQ(viaPoco, "shared");
  }
}

DUKA_BACKENDS(RunSqlTest);

class NativeRunSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session_.emplace(openCachingSqlite(dir_.file("native.db")));
    *session_ << "CREATE TABLE r_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                 "note TEXT, amount BIGINT NOT NULL)",
        now;
  }
  const SqliteStatementCache& cache() {
    return dynamic_cast<CachingSqliteSession&>(*session_->impl()).cache();
  }

  test::TempDir dir_;
  std::optional<Poco::Data::Session> session_;
};

TEST_F(NativeRunSqlTest, ARepeatedTextIsCompiledOnceAndKeptBetweenRuns) {
  const std::size_t missesBefore = cache().misses();
  for (int i = 0; i < 5; ++i)
    runSql(*session_, kInsert, {"row " + std::to_string(i), nullptr, i});
  EXPECT_EQ(cache().misses() - missesBefore, 1u);
  EXPECT_EQ(readRows(*session_).size(), 5u);
}

TEST_F(NativeRunSqlTest, ATextOfSeveralStatementsOrOfNoneIsRefused) {
  EXPECT_THROW(runSql(*session_, "DELETE FROM r_rows; DROP TABLE r_rows", {}),
               std::invalid_argument);
  EXPECT_THROW(runSql(*session_, "-- nothing", {}), std::invalid_argument);
  runSql(*session_, kInsert, {std::string_view("still here"), nullptr, 1});
  EXPECT_EQ(readRows(*session_).size(), 1u);
}

TEST_F(NativeRunSqlTest, TextWithAnEmbeddedNulKeepsItsLength) {
  const std::string withNul("a\0b", 3);
  runSql(*session_, kInsert, {withNul, nullptr, 1});
  EXPECT_EQ(readRows(*session_).at(0).name, withNul);
}

TEST(PlainSessionRunSqlTest, RunsAsAPocoStatementOnASessionWithoutTheNativePath) {
  Poco::Data::SQLite::Connector::registerConnector();
  test::TempDir dir;
  Poco::Data::Session session("SQLite", dir.file("plain.db"));
  ASSERT_EQ(dynamic_cast<NativeSqlSession*>(session.impl()), nullptr);
  session << "CREATE TABLE r_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, "
             "amount BIGINT NOT NULL)",
      now;
  EXPECT_EQ(runSql(session, kInsert, {std::string_view("plain"), nullptr, -3}), 1u);
  EXPECT_EQ(runSql(session, "UPDATE r_rows SET note = $1", {std::string_view("n")}), 1u);
  const std::vector<Stored> rows = readRows(session);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "plain");
  EXPECT_EQ(rows[0].note, "n");
  EXPECT_EQ(rows[0].amount, -3);
}

}  // namespace
}  // namespace duka::host
