// The SQLite session that keeps compiled statements for reuse: statements give the same
// answers as Poco's own, reuse shows in the cache's counters, and nothing a statement did
// (rows left unread, bindings, errors, schema changes) leaks into its next use.
#include "db/caching_sqlite_session.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "duka/database.hpp"
#include "support/temp_dir.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::limit;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::host {
namespace {

class CachingSqliteSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session_.emplace(openCachingSqlite(dir_.file("test.db")));
    run("PRAGMA journal_mode = WAL");
    run("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT)");
  }

  void run(const std::string& sql) { *session_ << sql, now; }
  const SqliteStatementCache& cache() {
    return dynamic_cast<CachingSqliteSession&>(*session_->impl()).cache();
  }
  void insert(int id, std::string name) {
    *session_ << "INSERT INTO t (id, name) VALUES ($1, $2)", use(id), use(name), now;
  }
  std::string nameOf(int id) {
    std::string name;
    *session_ << "SELECT name FROM t WHERE id = $1", use(id), into(name), now;
    return name;
  }

  test::TempDir dir_;
  std::optional<Poco::Data::Session> session_;
};

TEST_F(CachingSqliteSessionTest, ARepeatedTextReusesItsCompiledStatementWithNewValues) {
  const std::size_t hitsBefore = cache().hits();
  for (int id = 1; id <= 5; ++id)
    insert(id, "name " + std::to_string(id) + " ünïcødé");
  for (int id = 1; id <= 5; ++id)
    EXPECT_EQ(nameOf(id), "name " + std::to_string(id) + " ünïcødé");
  EXPECT_EQ(nameOf(99), "");  // no row: into() keeps its value
  // Each text was compiled once; the other runs took it from the cache.
  EXPECT_EQ(cache().hits() - hitsBefore, 4u + 5u);
}

TEST_F(CachingSqliteSessionTest, AStatementRunAgainSeesNewRowsAndKeepsItsCompiledForm) {
  int rows = -1;
  Poco::Data::Statement countRows(*session_);
  countRows << "SELECT COUNT(*) FROM t", into(rows);
  countRows.execute();
  EXPECT_EQ(rows, 0);
  insert(1, "one");
  const std::size_t misses = cache().misses();
  countRows.execute();  // finished, so Poco resets and compiles it again
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(cache().misses(), misses);
}

TEST_F(CachingSqliteSessionTest, NullsAndValuesAlternateWithoutLeakingBetweenRuns) {
  insert(1, "a");
  for (int round = 0; round < 4; ++round) {
    Poco::Nullable<std::string> note;
    if (round % 2 == 1)
      note = "note " + std::to_string(round);
    *session_ << "UPDATE t SET note = $1 WHERE id = 1", use(note), now;
    Poco::Nullable<std::string> stored;
    *session_ << "SELECT note FROM t WHERE id = 1", into(stored), now;
    EXPECT_EQ(stored.isNull(), note.isNull()) << round;
    if (!note.isNull()) {
      EXPECT_EQ(stored.value(), note.value());
    }
  }
}

TEST_F(CachingSqliteSessionTest, TwoLiveStatementsWithTheSameTextEachGetTheirOwn) {
  for (int id = 1; id <= 6; ++id)
    insert(id, "n" + std::to_string(id));
  const std::string text = "SELECT id FROM t ORDER BY id";
  int first = 0;
  Poco::Data::Statement outer(*session_);
  outer << text, into(first), limit(1);
  std::vector<int> seenByOuter;
  outer.execute();
  seenByOuter.push_back(first);
  // While outer sits on its first row, the same text runs to the end beside it.
  std::vector<int> all;
  *session_ << text, into(all), now;
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  while (!outer.done()) {
    outer.execute();
    if (seenByOuter.size() < 6)
      seenByOuter.push_back(first);
  }
  EXPECT_EQ(seenByOuter, (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST_F(CachingSqliteSessionTest, AStatementLeftHalfwayHoldsNoReadSnapshot) {
  for (int id = 1; id <= 6; ++id)
    insert(id, "n" + std::to_string(id));
  {
    int id = 0;
    Poco::Data::Statement partial(*session_);
    partial << "SELECT id FROM t ORDER BY id", into(id), limit(1);
    partial.execute();
    EXPECT_EQ(id, 1);
  }  // gone after one of six rows: back in the cache
  EXPECT_GE(cache().idleCount(), 1u);
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr; s = sqlite3_next_stmt(db, s))
    EXPECT_EQ(sqlite3_stmt_busy(s), 0) << sqlite3_sql(s);
  // A second connection can write and checkpoint the whole WAL: nobody reads an old snapshot.
  Poco::Data::Session other = openCachingSqlite(dir_.file("test.db"));
  other << "INSERT INTO t (id, name) VALUES (7, 'n7')", now;
  int busy = -1, frames = -1, checkpointed = -1;
  other << "PRAGMA wal_checkpoint(TRUNCATE)", into(busy), into(frames), into(checkpointed), now;
  EXPECT_EQ(busy, 0);
}

TEST_F(CachingSqliteSessionTest, ATextOfSeveralStatementsRunsThemAllAndIsNotKept) {
  const std::size_t idleBefore = cache().idleCount();
  run("CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);\n  INSERT INTO a VALUES (1);");
  EXPECT_EQ(cache().idleCount(), idleBefore);
  int x = 0;
  *session_ << "SELECT x FROM a", into(x), now;
  EXPECT_EQ(x, 1);
  int tables = 0;
  *session_ << "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'b')", into(tables), now;
  EXPECT_EQ(tables, 2);
}

TEST_F(CachingSqliteSessionTest, CommentsAloneRunAsNothingAndAnEmptyTextIsRefused) {
  EXPECT_NO_THROW(run("-- nothing to do here"));
  EXPECT_THROW(run(""), Poco::Data::SQLite::InvalidSQLStatementException);
  insert(1, "still fine");
  EXPECT_EQ(nameOf(1), "still fine");
}

TEST_F(CachingSqliteSessionTest, AFailedRunLeavesItsStatementUsable) {
  insert(1, "taken");
  try {
    insert(2, "taken");
    FAIL() << "a duplicate name was inserted";
  } catch (const std::exception& e) {
    EXPECT_TRUE(isUniqueViolation(e)) << e.what();
  }
  insert(3, "free");  // the same text, from the cache
  EXPECT_EQ(nameOf(3), "free");
  EXPECT_THROW(run("SELECT nope FROM t"), Poco::Exception);
}

TEST_F(CachingSqliteSessionTest, ASchemaChangeByAnotherConnectionRecompilesTheKeptStatement) {
  insert(1, "before");
  EXPECT_EQ(nameOf(1), "before");  // "SELECT name ..." is now kept
  Poco::Data::Session other = openCachingSqlite(dir_.file("test.db"));
  other << "DROP TABLE t", now;
  other << "CREATE TABLE t (note TEXT, name TEXT NOT NULL, id INTEGER PRIMARY KEY)", now;
  other << "INSERT INTO t (id, name) VALUES (1, 'after')", now;
  EXPECT_EQ(nameOf(1), "after");

  // A kept `SELECT *` read with into() survives the table growing a column (Poco's own
  // statement would fail its column-count assertion here: it describes the columns before
  // SQLite recompiles on the first step).
  Poco::Nullable<std::string> note;
  *session_ << "SELECT * FROM t", into(note), now;
  other << "ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'", now;
  note = "overwritten";
  EXPECT_NO_THROW((*session_ << "SELECT * FROM t", into(note), now));
  EXPECT_TRUE(note.isNull());
  // A query without into() is described by its columns, so it is never kept: it sees four.
  Poco::Data::Statement all(*session_);
  all << "SELECT * FROM t";
  all.execute();
  EXPECT_EQ(all.columnsExtracted(), 4u);
}

TEST_F(CachingSqliteSessionTest, AContainerBindingInsertsEveryRow) {
  std::vector<int> ids{1, 2, 3, 4};
  std::vector<std::string> names{"a", "b", "c", "d"};
  *session_ << "INSERT INTO t (id, name) VALUES ($1, $2)", use(ids), use(names), now;
  std::vector<int> oneId{5};
  std::vector<std::string> oneName{"e"};
  *session_ << "INSERT INTO t (id, name) VALUES ($1, $2)", use(oneId), use(oneName), now;
  std::vector<std::string> stored;
  *session_ << "SELECT name FROM t ORDER BY id", into(stored), now;
  EXPECT_EQ(stored, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST_F(CachingSqliteSessionTest, ExecuteRunsControlStatementsFromTheCacheAndReportsErrors) {
  const std::size_t hitsBefore = cache().hits();
  for (int round = 0; round < 3; ++round) {
    executeSql(*session_, "BEGIN IMMEDIATE");
    executeSql(*session_, "SAVEPOINT duka_write");
    insert(round + 1, "row " + std::to_string(round));
    executeSql(*session_, round == 1 ? "ROLLBACK TO duka_write" : "RELEASE duka_write");
    if (round == 1)
      executeSql(*session_, "RELEASE duka_write");
    executeSql(*session_, "COMMIT");
  }
  EXPECT_EQ(nameOf(1), "row 0");
  EXPECT_EQ(nameOf(2), "");  // rolled back to its savepoint
  EXPECT_EQ(nameOf(3), "row 2");
  // The second and third rounds took their compiled statements from the cache.
  EXPECT_GE(cache().hits() - hitsBefore, 2u * 4u);

  // A statement that fails to step (no transaction to commit) or to compile throws, and the
  // connection goes on working.
  EXPECT_THROW(executeSql(*session_, "COMMIT"), Poco::Data::SQLite::SQLiteException);
  EXPECT_THROW(executeSql(*session_, "SAVEPOINT"), Poco::Data::SQLite::SQLiteException);
  EXPECT_THROW(executeSql(*session_, "COMMIT"), Poco::Data::SQLite::SQLiteException);
  // Only one statement: the rest of a text would otherwise go unrun without a word.
  EXPECT_THROW(executeSql(*session_, "BEGIN IMMEDIATE; COMMIT"), std::invalid_argument);
  EXPECT_THROW(executeSql(*session_, "-- nothing"), std::invalid_argument);
  executeSql(*session_, "BEGIN IMMEDIATE");
  insert(4, "after the errors");
  executeSql(*session_, "COMMIT");
  EXPECT_EQ(nameOf(4), "after the errors");
}

TEST(ExecuteSqlTest, RunsOnAPlainPocoSessionToo) {
  test::TempDir dir;
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session session("SQLite", dir.file("plain.db"));
  executeSql(session, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
  executeSql(session, "BEGIN IMMEDIATE");
  session << "INSERT INTO t (id) VALUES (7)", now;
  executeSql(session, "COMMIT");
  int id = 0;
  session << "SELECT id FROM t", into(id), now;
  EXPECT_EQ(id, 7);
  EXPECT_THROW(executeSql(session, "COMMIT"), Poco::Data::SQLite::SQLiteException);
}

TEST(SqliteStatementCacheTest, KeepsAtMostItsCapacityAndDropsTheLeastRecentlyUsed) {
  test::TempDir dir;
  Poco::Data::Session session = openCachingSqlite(dir.file("small.db"), 3);
  const auto& cache = dynamic_cast<CachingSqliteSession&>(*session.impl()).cache();
  for (int i = 0; i < 10; ++i) {
    int value = 0;
    session << "SELECT " + std::to_string(i), into(value), now;
    EXPECT_EQ(value, i);
  }
  EXPECT_EQ(cache.idleCount(), 3u);
  const std::size_t hits = cache.hits();
  int value = 0;
  session << "SELECT 9", into(value), now;  // among the three most recent
  EXPECT_EQ(cache.hits(), hits + 1);
  session << "SELECT 0", into(value), now;  // dropped long ago
  EXPECT_EQ(cache.hits(), hits + 1);
  EXPECT_EQ(value, 0);
  session.close();
  EXPECT_EQ(cache.idleCount(), 0u);
}

}  // namespace
}  // namespace duka::host
