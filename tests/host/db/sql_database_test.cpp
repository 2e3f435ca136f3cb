#include <atomic>
#include <thread>

#include "db/migrator.hpp"
#include "db_fixture.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::host {
namespace {

class SqlDatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!db_)
      return;
    Migrator(*db_).apply(
        {{"t",
          {{.version = 1,
            .description = "t",
            .statements = {"CREATE TABLE t_rows (id {{id}}, name TEXT NOT NULL UNIQUE)",
                           "CREATE TABLE t_log (id {{id}}, note TEXT NOT NULL)"},
            .postgresql = {}}}}});
  }

  static void insert(Transaction& tx, std::string name) {
    tx.session() << "INSERT INTO t_rows (name) VALUES ($1)", use(name), now;
  }
};

TEST_P(SqlDatabaseTest, CommitsWhatTheFunctionWrites) {
  db_->write(EventContext::system("test"), [](Transaction& tx) { insert(tx, "a"); });
  EXPECT_EQ(count("t_rows"), 1);
}

TEST_P(SqlDatabaseTest, RollsBackWhenTheFunctionThrows) {
  EXPECT_THROW(db_->write(EventContext::system("test"),
                          [](Transaction& tx) {
                            insert(tx, "a");
                            throw std::runtime_error("no");
                          }),
               std::runtime_error);
  EXPECT_EQ(count("t_rows"), 0);
}

TEST_P(SqlDatabaseTest, InTransactionSubscriberWritesInTheSameTransactionOrVetoes) {
  events_.subscribe(
      "row.*",
      [](const Event& event, Transaction& tx) {
        std::string note = event.payload->getValue<std::string>("name");
        if (note == "veto")
          throw std::runtime_error("vetoed");
        tx.session() << "INSERT INTO t_log (note) VALUES ($1)", use(note), now;
      },
      nullptr);
  auto publishRow = [&](const std::string& name) {
    db_->write(EventContext::system("test"), [&](Transaction& tx) {
      insert(tx, name);
      Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
      payload->set("name", name);
      tx.publish("row.created", payload);
    });
  };
  publishRow("kept");
  EXPECT_THROW(publishRow("veto"), std::runtime_error);
  EXPECT_EQ(count("t_rows"), 1);
  EXPECT_EQ(count("t_log"), 1);
}

TEST_P(SqlDatabaseTest, AfterCommitSeesOnlyCommittedEvents) {
  std::mutex mutex;
  std::vector<std::string> seen;
  events_.subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(e.name + "/" + e.context.requestId);
      },
      nullptr);
  events_.start();
  db_->write(EventContext{std::nullopt, "r1"},
             [](Transaction& tx) { tx.publish("a.committed", new Poco::JSON::Object); });
  EXPECT_THROW(db_->write(EventContext{std::nullopt, "r2"},
                          [](Transaction& tx) {
                            tx.publish("a.rolled_back", new Poco::JSON::Object);
                            throw std::runtime_error("no");
                          }),
               std::runtime_error);
  events_.stop();
  EXPECT_EQ(seen, (std::vector<std::string>{"a.committed/r1"}));
}

TEST_P(SqlDatabaseTest, TransactReturnsTheValue) {
  const Poco::Int64 id = db_->transact(EventContext::system("t"), [](Transaction& tx) {
    Poco::Int64 newId = 0;
    std::string name = "x";
    tx.session() << "INSERT INTO t_rows (name) VALUES ($1) RETURNING id", use(name), into(newId),
        now;
    return newId;
  });
  EXPECT_GT(id, 0);
}

TEST_P(SqlDatabaseTest, ConcurrentWritersNeitherLoseNorDuplicateRows) {
  constexpr int kThreads = 16;
  constexpr int kEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        try {
          db_->write(EventContext::system("t"), [&](Transaction& tx) {
            insert(tx, "row-" + std::to_string(t) + "-" + std::to_string(i));
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("t_rows"), kThreads * kEach);
}

TEST_P(SqlDatabaseTest, PingAnswers) {
  EXPECT_TRUE(db_->ping());
}

DUKA_BACKENDS(SqlDatabaseTest);

TEST(SqlDatabaseOpen, FileInAFolderThatIsAFileIsNamed) {
  test::TempDir dir;
  dir.write("blocker", "x");
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("blocker/sub/duka.db");
  try {
    SqlDatabase::open(config, events, std::chrono::seconds(1));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create the database folder"), std::string::npos)
        << e.what();
  }
}

TEST(SqlDatabaseOpen, PostgresqlDownIsNamedWithoutTheConnectionString) {
  EventDispatcher events;
  DatabaseConfig config;
  config.backend = Backend::Postgresql;
  config.connection =
      "host=127.0.0.1 port=1 user=duka password=hunter2 dbname=duka connect_timeout=2";
  try {
    SqlDatabase::open(config, events, std::chrono::seconds(1));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open the PostgreSQL server"), std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace duka::host
