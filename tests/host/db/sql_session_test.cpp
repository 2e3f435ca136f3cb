// SqlSession::run and insert (duka/sql.hpp) on both backends through the host's database
// and on its native connections: values in, rows out, counts, errors, the statements each
// connection keeps compiled or prepared, and the transaction a failed statement leaves.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/migrator.hpp"
#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "db_fixture.hpp"
#include "duka/rows.hpp"
#include "duka/sql.hpp"

namespace duka::host {
namespace {

// Stored is one row of r_rows as run() reads it.
struct Stored {
  std::int64_t id = 0;
  std::string name;
  bool noteIsNull = false;
  std::string note;
  std::int64_t amount = 0;
};

const char* const kSelect = "SELECT id, name, note, amount FROM r_rows WHERE id >= $1 ORDER BY id";
const char* const kInsert = "INSERT INTO r_rows (name, note, amount) VALUES ($1, $2, $3)";

std::vector<Stored> readRows(SqlSession& session, std::int64_t fromId = 0) {
  std::vector<Stored> rows;
  session.run(kSelect, {fromId}, [&](const SqlRow& row) {
    rows.push_back({row.integer(0), row.text(1), row.isNull(2), row.text(2), row.integer(3)});
  });
  return rows;
}

class SqlSessionTest : public BackendTest {
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
      return tx.insert(kInsert, {name, note, amount});
    });
  }
};

TEST_P(SqlSessionTest, InsertsReturnTheirIdsAndRowsReadBackWithNullsTextAndExtremeIntegers) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(insert("first", nullptr, kMax), 1);
  EXPECT_EQ(insert("ünïcødé 名前 🛒", std::string_view("a note"), kMin), 2);
  EXPECT_EQ(insert("empty note", std::string_view(), 0), 3);  // "" is text, not NULL

  SqlSession& session = *db_;
  const std::vector<Stored> rows = readRows(session);
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
  EXPECT_EQ(readRows(session, 2).size(), 2u);
  EXPECT_EQ(session.run(kSelect, {std::int64_t{3}}), 1u);  // rows read, no callback
  EXPECT_EQ(session.run(kSelect, {std::int64_t{4}}), 0u);
}

TEST_P(SqlSessionTest, UpdatesAndDeletesCountTheRowsTheyChanged) {
  for (const char* name : {"a", "b", "c"})
    insert(name, nullptr, 10);
  db_->write(EventContext::system("test"), [](Transaction& tx) {
    EXPECT_EQ(tx.run("UPDATE r_rows SET amount = amount + $1 WHERE amount = $2", {5, 10}), 3u);
    EXPECT_EQ(tx.run("UPDATE r_rows SET note = $1 WHERE name = $2", {"x", "nobody"}), 0u);
    EXPECT_EQ(tx.run("DELETE FROM r_rows WHERE name = $1", {"b"}), 1u);
  });
  SqlSession& session = *db_;
  const std::vector<Stored> rows = readRows(session);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].amount, 15);
  EXPECT_EQ(rows[1].name, "c");
}

// runValues (SDK 1.5): values counted at run time, here rows listed in one statement; a
// values list that does not match the statement is refused as run()'s is.
TEST_P(SqlSessionTest, RunValuesBindsAListBuiltAtRunTime) {
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i)
    names.push_back("row " + std::to_string(i));
  std::vector<SqlValue> values;
  for (std::size_t i = 0; i < names.size(); ++i)
    values.insert(values.end(), {names[i], static_cast<std::int64_t>(i) * 100});
  db_->write(EventContext::system("test"), [&](Transaction& tx) {
    EXPECT_EQ(tx.runValues("INSERT INTO r_rows (name, amount) VALUES ($1, CAST($2 AS BIGINT)), "
                           "($3, CAST($4 AS BIGINT)), ($5, CAST($6 AS BIGINT))",
                           values),
              3u);
  });
  SqlSession& session = *db_;
  std::vector<Stored> rows = readRows(session);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].name, "row 2");
  EXPECT_EQ(rows[2].amount, 200);
  EXPECT_TRUE(rows[2].noteIsNull);

  std::vector<std::string> seen;
  const std::vector<SqlValue> bounds{std::int64_t{50}, std::int64_t{250}};
  EXPECT_EQ(
      session.runValues("SELECT name FROM r_rows WHERE amount > $1 AND amount < $2 ORDER BY id",
                        bounds, [&](const SqlRow& row) { seen.push_back(row.text(0)); }),
      2u);
  EXPECT_EQ(seen, (std::vector<std::string>{"row 1", "row 2"}));
  EXPECT_THROW(session.runValues("SELECT name FROM r_rows WHERE amount > $1 AND amount < $2",
                                 std::span<const SqlValue>(bounds).first(1)),
               std::exception);
}

TEST_P(SqlSessionTest, AUniqueViolationThrowsRollsBackAndLeavesTheStatementUsable) {
  insert("taken", nullptr, 1);
  try {
    db_->write(EventContext::system("test"), [](Transaction& tx) {
      tx.insert(kInsert, {"new", nullptr, 2});
      tx.insert(kInsert, {"taken", nullptr, 3});
    });
    FAIL() << "the duplicate name was accepted";
  } catch (const SqlError& e) {
    EXPECT_TRUE(isUniqueViolation(e)) << e.what();
  }
  EXPECT_EQ(count("r_rows"), 1);  // "new" went with the transaction
  EXPECT_GT(insert("after", nullptr, 4), 1);
  EXPECT_EQ(count("r_rows"), 2);
}

TEST_P(SqlSessionTest, AThrowingRowCallbackPropagatesAndTheNextRunStartsFresh) {
  for (const char* name : {"a", "b", "c"})
    insert(name, nullptr, 1);
  SqlSession& session = *db_;
  int seen = 0;
  EXPECT_THROW(session.run(kSelect, {std::int64_t{0}},
                           [&](const SqlRow&) {
                             if (++seen == 2)
                               throw std::runtime_error("stop");
                           }),
               std::runtime_error);
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(readRows(session).size(), 3u);  // from the first row again
}

TEST_P(SqlSessionTest, TooFewOrTooManyValuesAreRefused) {
  SqlSession& session = *db_;
  EXPECT_ANY_THROW(session.run(kSelect, {}));
  EXPECT_ANY_THROW(session.run(kSelect, {1, 2}));
  EXPECT_EQ(readRows(session).size(), 0u);  // the session still works
}

// A statement that fails inside a transaction fails the whole transaction, on both backends,
// even when the caller catches its error: PostgreSQL would otherwise answer COMMIT with a
// silent rollback.
TEST_P(SqlSessionTest, ATransactionWhoseStatementFailedDoesNotCommit) {
  insert("taken", nullptr, 1);
  EXPECT_ANY_THROW(db_->write(EventContext::system("test"), [this](Transaction& tx) {
    tx.insert(kInsert, {"kept?", nullptr, 2});
    try {
      tx.insert(kInsert, {"taken", nullptr, 3});
    } catch (const SqlError&) {
    }
    if (db_->backend() == Backend::Sqlite)  // SQLite undoes only the statement: undo the rest
      throw std::runtime_error("a statement failed");
  }));
  EXPECT_EQ(count("r_rows"), 1);
  EXPECT_GT(insert("after", nullptr, 4), 1);
}

// A statement whose count is not read at once may go on with the next one (PostgreSQL's
// pipeline): its count is still right when read later, and its failure fails the
// transaction, as the failure it is.
TEST_P(SqlSessionTest, ACountReadLaterIsTheStatementsOwn) {
  insert("kept", nullptr, 1);
  db_->write(EventContext::system("test"), [](Transaction& tx) {
    const RowCount& inserted = tx.run(kInsert, {"one", nullptr, 1});
    const RowCount& updated = tx.run("UPDATE r_rows SET amount = amount + 1", {});
    const RowCount& none = tx.run("DELETE FROM r_rows WHERE name = 'nobody'", {});
    tx.run(kInsert, {"two", nullptr, 2});
    EXPECT_EQ(inserted, 1u);
    EXPECT_EQ(updated, 2u);
    EXPECT_EQ(none, 0u);
    EXPECT_EQ(tx.run("UPDATE r_rows SET note = 'n' WHERE amount >= 2", {}), 3u);
  });
  EXPECT_EQ(count("r_rows"), 3);
}

TEST_P(SqlSessionTest, AFailureOfAStatementNobodyWaitedForFailsTheTransactionAsItself) {
  insert("taken", nullptr, 1);
  for (const bool more : {false, true}) {
    try {
      db_->write(EventContext::system("test"), [&](Transaction& tx) {
        tx.run(kInsert, {"fresh", nullptr, 2});
        tx.run(kInsert, {"taken", nullptr, 3});
        if (more)
          tx.run("SELECT COUNT(*) FROM r_rows", {});
      });
      ADD_FAILURE() << "the transaction committed";
    } catch (const SqlError& e) {
      EXPECT_TRUE(isUniqueViolation(e)) << e.what();
    }
    EXPECT_EQ(count("r_rows"), 1);
  }
  EXPECT_GT(insert("after", nullptr, 5), 1);  // the connections still work
}

TEST_P(SqlSessionTest, ManyStatementsNobodyWaitsForInOneTransactionAllCommit) {
  db_->write(EventContext::system("test"), [](Transaction& tx) {
    for (int i = 0; i < 500; ++i)
      tx.run(kInsert, {"row " + std::to_string(i), nullptr, i});
  });
  EXPECT_EQ(count("r_rows"), 500);
}

TEST_P(SqlSessionTest, BooleansReadAsIntegers) {
  SqlSession& session = *db_;
  std::int64_t yes = -1, no = -1;
  session.run("SELECT 1 = 1, 1 = 2", {}, [&](const SqlRow& row) {
    yes = row.integer(0);
    no = row.integer(1);
    EXPECT_EQ(row.columns(), 2);
  });
  EXPECT_EQ(yes, 1);
  EXPECT_EQ(no, 0);
}

TEST_P(SqlSessionTest, EveryStatementHasItsPortableTokensExpanded) {
  const std::int64_t id = insert("locked", nullptr, 7);
  // {{for_update}} is a row lock on PostgreSQL and nothing on SQLite; no plugin expands it.
  std::int64_t amount = 0;
  db_->write(EventContext::system("test"), [&](Transaction& tx) {
    tx.run("SELECT amount FROM r_rows WHERE id = $1{{for_update}}", {id},
           [&](const SqlRow& row) { amount = row.integer(0); });
    tx.run(
        "UPDATE r_rows SET amount = amount + 1 WHERE id IN (SELECT id FROM r_rows WHERE id = "
        "$1{{skip_locked}})",
        {id});
  });
  EXPECT_EQ(amount, 7);
  EXPECT_EQ(readRows(*db_).at(0).amount, 8);
}

// Rows<T> writes the SELECT list and reads each row into the struct by the same list.
struct Named {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> amount;
  bool big = false;
};
struct Holder {
  Named named;
  std::string note;
};
const Rows<Named> kNamedRows = Rows<Named>("r_rows")
                                   .column("id", &Named::id)
                                   .column("name", &Named::name)
                                   .column("NULLIF(amount, 0)", &Named::amount)
                                   .column("amount > 100", &Named::big);

TEST_P(SqlSessionTest, RowsReadOneAllAndAfterOtherColumns) {
  const std::int64_t a = insert("a", nullptr, 0), b = insert("b", "noted", 500);
  EXPECT_EQ(kNamedRows.list(), "id, name, NULLIF(amount, 0), amount > 100");
  EXPECT_EQ(kNamedRows.width(), 4);
  EXPECT_EQ(kNamedRows.select("WHERE id = $1"),
            "SELECT id, name, NULLIF(amount, 0), amount > 100 FROM r_rows WHERE id = $1");

  SqlSession& session = *db_;
  const auto first = kNamedRows.one(session, "WHERE id = $1", {a});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "a");
  EXPECT_FALSE(first->amount);
  EXPECT_FALSE(first->big);
  EXPECT_FALSE(kNamedRows.one(session, "WHERE id = $1", {b + 1}));

  const auto all = kNamedRows.all(session, "ORDER BY id DESC");
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].id, b);
  EXPECT_EQ(all[0].amount, 500);
  EXPECT_TRUE(all[0].big);

  // An embedded Rows' columns read into a member, and a read that starts after other columns.
  const Rows<Holder> holders = Rows<Holder>("r_rows")
                                   .embed(&Holder::named, kNamedRows)
                                   .column("COALESCE(note, '')", &Holder::note);
  std::vector<Holder> read;
  session.run("SELECT id, " + holders.list() + " FROM r_rows ORDER BY id", {},
              [&](const SqlRow& row) { read.push_back(holders.read(row, 1)); });
  ASSERT_EQ(read.size(), 2U);
  EXPECT_EQ(read[0].named.name, "a");
  EXPECT_EQ(read[1].named.amount, 500);
  EXPECT_EQ(read[0].note, "");
  EXPECT_EQ(read[1].note, "noted");
}

DUKA_BACKENDS(SqlSessionTest);

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(dir_.file("native.db"), "full");
    connection_->execute(
        "CREATE TABLE r_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, "
        "amount BIGINT NOT NULL)");
  }

  test::TempDir dir_;
  std::optional<SqliteConnection> connection_;
};

TEST_F(SqliteConnectionTest, ARepeatedTextIsCompiledOnceAndKeptBetweenRuns) {
  const std::size_t missesBefore = connection_->cache().misses();
  for (int i = 0; i < 5; ++i)
    connection_->run(kInsert, {"row " + std::to_string(i), nullptr, i});
  EXPECT_EQ(connection_->cache().misses() - missesBefore, 1u);
  EXPECT_EQ(readRows(*connection_).size(), 5u);
}

TEST_F(SqliteConnectionTest, ATextOfSeveralStatementsOrOfNoneIsRefused) {
  EXPECT_THROW(connection_->run("DELETE FROM r_rows; DROP TABLE r_rows"), std::invalid_argument);
  EXPECT_THROW(connection_->run("-- nothing"), std::invalid_argument);
  connection_->run(kInsert, {"still here", nullptr, 1});
  EXPECT_EQ(readRows(*connection_).size(), 1u);
}

TEST_F(SqliteConnectionTest, TextWithAnEmbeddedNulKeepsItsLength) {
  const std::string withNul("a\0b", 3);
  connection_->run(kInsert, {withNul, nullptr, 1});
  EXPECT_EQ(readRows(*connection_).at(0).name, withNul);
}

TEST_F(SqliteConnectionTest, ErrorsSayWhatTheDatabaseRefused) {
  connection_->run(kInsert, {"a", nullptr, 1});
  try {
    connection_->run(kInsert, {"a", nullptr, 1});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlError::Kind::UniqueViolation);
  }
  try {
    connection_->run(kInsert, {"b", nullptr, nullptr});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlError::Kind::ConstraintViolation);  // NOT NULL
  }
  EXPECT_THROW(connection_->run("SELECT nonsense FROM nowhere"), SqlError);
}

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::create(Backend::Postgresql, dir_);
    DUKA_SKIP_WITHOUT(db_);
    connection_.emplace(db_->config().connection);
    connection_->execute(
        "CREATE TABLE r_rows (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, "
        "amount BIGINT NOT NULL)");
  }

  test::TempDir dir_;
  std::unique_ptr<test::TestDatabase> db_;
  std::optional<PgConnection> connection_;
};

TEST_F(PgConnectionTest, ATextIsPreparedOnceAndRunByNameAfter) {
  const std::size_t before = connection_->preparedCount();
  for (int i = 0; i < 5; ++i)
    connection_->run(kInsert, {"row " + std::to_string(i), nullptr, i});
  EXPECT_EQ(connection_->preparedCount(), before + 1);
  EXPECT_EQ(readRows(*connection_).size(), 5u);
  EXPECT_EQ(connection_->preparedCount(), before + 2);
  // A text that fails to prepare is not kept, and the connection goes on.
  EXPECT_THROW(connection_->run("SELECT nonsense FROM nowhere"), SqlError);
  EXPECT_EQ(connection_->preparedCount(), before + 2);
  EXPECT_TRUE(connection_->usable());
}

// waited reads a count: the statement's outcome is waited for.
std::size_t waited(const RowCount& count) {
  return count;
}

TEST_F(PgConnectionTest, StatementsNobodyWaitsForGoOutTogetherAndArePreparedOnce) {
  const std::size_t before = connection_->preparedCount();
  connection_->begin();
  connection_->run(kInsert, {"a", nullptr, 1});
  connection_->run(kInsert, {"b", nullptr, 2});
  EXPECT_FALSE(connection_->usable());  // results are owed
  connection_->commit();
  EXPECT_TRUE(connection_->usable());
  // The insert, and the question for the transaction's id (asked before the COMMIT goes).
  EXPECT_EQ(connection_->preparedCount(), before + 2);
  EXPECT_EQ(readRows(*connection_).size(), 2u);
}

TEST_F(PgConnectionTest, ACountReadAfterItsTransactionIsRefused) {
  connection_->begin();
  const RowCount& inserted = connection_->run(kInsert, {"a", nullptr, 1});
  connection_->commit();
  EXPECT_EQ(inserted, 1u);  // collected with the COMMIT
  connection_->begin();
  EXPECT_THROW(waited(inserted), std::logic_error);
  connection_->rollback();
}

TEST_F(PgConnectionTest, ARollbackAfterAFailedDeferredStatementEndsTheTransaction) {
  connection_->run(kInsert, {"taken", nullptr, 1});
  connection_->begin();
  connection_->run(kInsert, {"taken", nullptr, 2});
  connection_->rollback();
  EXPECT_TRUE(connection_->usable());
  EXPECT_EQ(readRows(*connection_).size(), 1u);
}

TEST_F(PgConnectionTest, ARollbackAfterAFailedStatementEndsTheTransaction) {
  connection_->run(kInsert, {"taken", nullptr, 1});
  connection_->begin();
  connection_->run(kInsert, {"fresh", nullptr, 2});
  EXPECT_THROW(waited(connection_->run(kInsert, {"taken", nullptr, 3})), SqlError);
  EXPECT_FALSE(connection_->usable());  // the failed transaction is still open
  connection_->rollback();
  EXPECT_TRUE(connection_->usable());
  EXPECT_EQ(readRows(*connection_).size(), 1u);
}

TEST_F(PgConnectionTest, BeginTravelsWithTheFirstStatementAndRollbackUndoesIt) {
  connection_->begin();
  EXPECT_FALSE(connection_->usable());  // a transaction is open
  connection_->run(kInsert, {"inside", nullptr, 1});
  connection_->rollback();
  EXPECT_TRUE(connection_->usable());
  EXPECT_EQ(readRows(*connection_).size(), 0u);
  connection_->begin();
  connection_->run(kInsert, {"committed", nullptr, 1});
  connection_->commit();
  EXPECT_EQ(readRows(*connection_).size(), 1u);
  connection_->begin();  // a transaction with no statement sends nothing at all
  connection_->commit();
  EXPECT_TRUE(connection_->usable());
}

TEST_F(PgConnectionTest, ACommitAfterAFailedStatementIsRefused) {
  connection_->run(kInsert, {"taken", nullptr, 1});
  connection_->begin();
  connection_->run(kInsert, {"lost", nullptr, 2});
  EXPECT_THROW(waited(connection_->run(kInsert, {"taken", nullptr, 3})), SqlError);
  EXPECT_THROW(connection_->commit(), SqlError);
  EXPECT_TRUE(connection_->usable());
  EXPECT_EQ(readRows(*connection_).size(), 1u);
}

TEST_F(PgConnectionTest, ErrorsSayWhatTheDatabaseRefusedOrThatItIsUnavailable) {
  connection_->run(kInsert, {"a", nullptr, 1});
  try {
    connection_->run(kInsert, {"a", nullptr, 1});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlError::Kind::UniqueViolation);
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos);
  }
  // The server ends the connection: every later statement is DatabaseUnavailable.
  PgConnection killer(db_->config().connection);
  killer.run(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
      "pg_backend_pid() AND datname = current_database()");
  EXPECT_THROW(connection_->run(kSelect, {std::int64_t{0}}), DatabaseUnavailable);
  EXPECT_FALSE(connection_->usable());
  EXPECT_THROW(PgConnection("host=127.0.0.1 port=1 connect_timeout=2"), DatabaseUnavailable);
}

}  // namespace
}  // namespace duka::host
