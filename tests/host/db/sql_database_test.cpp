#include <sqlite3.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "db/migrator.hpp"
#include "db_fixture.hpp"
#include "duka/http.hpp"

namespace duka::host {
namespace {

struct TestRow {
  std::string name;
};
const Shape<TestRow>& testRowShape() {
  static const Shape<TestRow> shape = Shape<TestRow>("TestRow").field("name", &TestRow::name);
  return shape;
}
constexpr EventType<TestRow> kRowCreated{"row.created", testRowShape};
constexpr EventType<TestRow> kCommitted{"a.committed", testRowShape};
constexpr EventType<TestRow> kRolledBack{"a.rolled_back", testRowShape};

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

  static void insert(Transaction& tx, const std::string& name) {
    tx.run("INSERT INTO t_rows (name) VALUES ($1)", {name});
  }

  // HeldWrite is a write that inserts row "first" and then holds the database until
  // release(), so that other writers queue behind it.
  class HeldWrite {
   public:
    explicit HeldWrite(Database& db) {
      thread_ = std::thread([this, &db] {
        db.write(EventContext::system("first"), [this](Transaction& tx) {
          // The count read waits for the row (and its lock) before the hold begins.
          EXPECT_EQ(tx.run("INSERT INTO t_rows (name) VALUES ($1)", {"first"}), 1u);
          std::unique_lock<std::mutex> lock(mutex_);
          released_.wait(lock, [this] { return release_; });
        });
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ~HeldWrite() { release(); }
    void release() {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        release_ = true;
      }
      released_.notify_all();
      if (thread_.joinable())
        thread_.join();
    }

   private:
    std::mutex mutex_;
    std::condition_variable released_;
    bool release_ = false;
    std::thread thread_;
  };

  // writeFromThreads runs `each` writes on each of `threads` threads at once; every write
  // inserts row-<t>-<i> and then calls also(t, i). It returns the writes that threw.
  int writeFromThreads(int threads, int each, const std::function<void(int, int)>& also = {}) {
    std::atomic<int> failures{0};
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
      running.emplace_back([&, t] {
        for (int i = 0; i < each; ++i) {
          try {
            db_->write(EventContext::system("t"), [&](Transaction& tx) {
              insert(tx, "row-" + std::to_string(t) + "-" + std::to_string(i));
              if (also)
                also(t, i);
            });
          } catch (const std::exception&) {
            ++failures;
          }
        }
      });
    }
    for (auto& thread : running)
      thread.join();
    return failures.load();
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
  auto subscribers = std::make_shared<EventSubscribers>();
  subscribers->subscribe(
      "row.*",
      [](const Event& event, Transaction& tx) {
        std::string note = event.payload->getValue<std::string>("name");
        if (note == "veto")
          throw std::runtime_error("vetoed");
        tx.run("INSERT INTO t_log (note) VALUES ($1)", {note});
      },
      nullptr);
  auto publishRow = [&](const std::string& name) {
    db_->write(subscribers, EventContext::system("test"), [&](Transaction& tx) {
      insert(tx, name);
      tx.publish(kRowCreated, {name});
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
  auto subscribers = std::make_shared<EventSubscribers>();
  subscribers->subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(e.name + "/" + e.context.requestId);
      },
      nullptr);
  events_.start();
  db_->write(subscribers, EventContext{std::nullopt, "r1"},
             [](Transaction& tx) { tx.publish(kCommitted, {"x"}); });
  EXPECT_THROW(db_->write(subscribers, EventContext{std::nullopt, "r2"},
                          [](Transaction& tx) {
                            tx.publish(kRolledBack, {"x"});
                            throw std::runtime_error("no");
                          }),
               std::runtime_error);
  events_.stop();
  EXPECT_EQ(seen, (std::vector<std::string>{"a.committed/r1"}));
}

TEST_P(SqlDatabaseTest, TransactReturnsTheValue) {
  const std::int64_t id = db_->transact(EventContext::system("t"), [](Transaction& tx) {
    return tx.insert("INSERT INTO t_rows (name) VALUES ($1)", {"x"});
  });
  EXPECT_GT(id, 0);
}

TEST_P(SqlDatabaseTest, ConcurrentWritersNeitherLoseNorDuplicateRows) {
  constexpr int kThreads = 16;
  constexpr int kEach = 20;
  EXPECT_EQ(writeFromThreads(kThreads, kEach), 0);
  EXPECT_EQ(count("t_rows"), kThreads * kEach);
}

// Writers that queue while a transaction runs share the next one (SQLite's group commit);
// each must still see only its own outcome: its rows, its veto, its hooks on its thread.
TEST_P(SqlDatabaseTest, WritersThatShareATransactionKeepTheirOwnOutcome) {
  HeldWrite first(*db_);  // the others queue behind it
  constexpr int kWriters = 12;
  std::vector<std::string> outcome(kWriters);
  std::vector<std::thread::id> hookThread(kWriters), ownThread(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      ownThread[i] = std::this_thread::get_id();
      try {
        db_->write(EventContext::system("w"), [&, i](Transaction& tx) {
          insert(tx, "w" + std::to_string(i));
          tx.onCommit([&, i] { hookThread[i] = std::this_thread::get_id(); });
          if (i % 4 == 1)
            throw std::invalid_argument("veto " + std::to_string(i));
          if (i % 4 == 2)
            db_->write(EventContext::system("nested"), [](Transaction&) {});
          if (i % 4 == 3)
            insert(tx, "first");  // a unique violation, caught by nobody
        });
        outcome[i] = "ok";
      } catch (const std::invalid_argument& e) {
        outcome[i] = e.what();
      } catch (const std::logic_error&) {
        outcome[i] = "nested";
      } catch (const std::exception& e) {
        outcome[i] = isUniqueViolation(e) ? "duplicate" : e.what();
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  first.release();
  for (auto& writer : writers)
    writer.join();
  for (int i = 0; i < kWriters; ++i) {
    const std::string expected = i % 4 == 0   ? "ok"
                                 : i % 4 == 1 ? "veto " + std::to_string(i)
                                 : i % 4 == 2 ? "nested"
                                              : "duplicate";
    EXPECT_EQ(outcome[i], expected) << i;
    if (i % 4 == 0)
      EXPECT_EQ(hookThread[i], ownThread[i]) << "the onCommit hook ran on another thread";
    else
      EXPECT_EQ(hookThread[i], std::thread::id()) << "a hook ran for a rolled-back write";
  }
  EXPECT_EQ(count("t_rows"), 1 + kWriters / 4);
}

TEST_P(SqlDatabaseTest, ManyConcurrentWritersWithFailuresCommitExactlyTheRest) {
  constexpr int kThreads = 24;
  constexpr int kEach = 25;
  const int vetoed = writeFromThreads(kThreads, kEach, [](int t, int i) {
    if ((t + i) % 5 == 0)
      throw std::runtime_error("veto");
  });
  EXPECT_EQ(count("t_rows"), kThreads * kEach - vetoed);
  EXPECT_EQ(vetoed, kThreads * kEach / 5);
}

TEST_P(SqlDatabaseTest, CloseServesTheQueuedWritersAndRefusesNewOnes) {
  HeldWrite first(*db_);
  std::atomic<int> committed{0};
  std::vector<std::thread> queued;
  for (int i = 0; i < 5; ++i) {
    queued.emplace_back([&, i] {
      db_->write(EventContext::system("q"),
                 [&, i](Transaction& tx) { insert(tx, "q" + std::to_string(i)); });
      ++committed;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::thread closer([&] { db_->close(); });  // waits for the writers already queued
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  first.release();
  for (auto& writer : queued)
    writer.join();
  closer.join();
  EXPECT_EQ(committed.load(), 5);
  try {
    db_->write(EventContext::system("late"), [](Transaction&) {});
    FAIL() << "a write after close() ran";
  } catch (const DatabaseUnavailable&) {
    // the host answers 503 (RequestHandler)
  }
}

// insert gives each writer the id of its own row, also when many writers share a commit
// (on SQLite through last_insert_rowid(), on PostgreSQL through RETURNING).
TEST_P(SqlDatabaseTest, InsertReturnsTheIdOfTheWritersOwnRow) {
  std::atomic<int> mismatches{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string name = "insert-" + std::to_string(t) + "-" + std::to_string(i);
        db_->write(EventContext::system("t"), [&](Transaction& tx) {
          const std::int64_t id = tx.insert("INSERT INTO t_rows (name) VALUES ($1)", {name});
          std::string stored;
          tx.run("SELECT name FROM t_rows WHERE id = $1", {id},
                 [&](const SqlRow& row) { stored = row.text(0); });
          if (id <= 0 || stored != name)
            ++mismatches;
        });
      }
    });
  }
  for (auto& writer : writers)
    writer.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(count("t_rows"), 8 * 20);
}

TEST_P(SqlDatabaseTest, PingAnswers) {
  EXPECT_TRUE(db_->ping());
}

DUKA_BACKENDS(SqlDatabaseTest);

// The settings every SQLite connection gets: WAL, foreign keys, a busy timeout.
// The SQLite writer has a connection of its own: readers holding every pooled connection
// do not stall the writes.
TEST(SqlDatabaseOpen, SqliteWritesGoOnWhileReadersHoldEveryPooledConnection) {
  test::TempDir dir;
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("duka.db");
  config.poolSize = 2;
  auto db = SqlDatabase::open(config, events, std::chrono::milliseconds(200));
  std::vector<ConnectionPool::Lease> readers;
  readers.push_back(db->lease());
  readers.push_back(db->lease());
  EXPECT_THROW(db->lease(), DatabaseUnavailable);  // the pool is spent
  db->write(EventContext::system("test"), [](Transaction& tx) {
    tx.run("CREATE TABLE w (v INTEGER)");
    tx.run("INSERT INTO w (v) VALUES (1)");
  });
  std::int64_t rows = 0;
  readers.front()->run("SELECT COUNT(*) FROM w", {},
                       [&](const SqlRow& row) { rows = row.integer(0); });
  EXPECT_EQ(rows, 1);
  readers.clear();
  db->close();
}

TEST(SqlDatabaseOpen, SqliteConnectionsGetTheirSettings) {
  test::TempDir dir;
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("duka.db");
  auto db = SqlDatabase::open(config, events, std::chrono::seconds(1));
  const auto session = db->lease();
  std::string journal;
  std::int64_t foreignKeys = -1, busyTimeout = -1, synchronous = -1;
  session->run("PRAGMA journal_mode", {}, [&](const SqlRow& row) { journal = row.text(0); });
  session->run("PRAGMA foreign_keys", {}, [&](const SqlRow& row) { foreignKeys = row.integer(0); });
  session->run("PRAGMA busy_timeout", {}, [&](const SqlRow& row) { busyTimeout = row.integer(0); });
  session->run("PRAGMA synchronous", {}, [&](const SqlRow& row) { synchronous = row.integer(0); });
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(foreignKeys, 1);
  EXPECT_EQ(busyTimeout, 10000);
  EXPECT_EQ(synchronous, 2);  // FULL, the default
}

// TempFileWatch counts the files SQLite creates in a folder of its own (SQLITE_TMPDIR):
// SQLite unlinks a temporary file as soon as it opened it, so only inotify sees it.
class TempFileWatch {
 public:
  explicit TempFileWatch(const std::string& dir) : fd_(inotify_init1(IN_NONBLOCK)) {
    inotify_add_watch(fd_, dir.c_str(), IN_CREATE);
  }
  ~TempFileWatch() { ::close(fd_); }
  int created() {
    int count = 0;
    alignas(inotify_event) char buffer[4096];
    for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) > 0;) {
      for (char* at = buffer; at < buffer + n;) {
        auto* event = reinterpret_cast<inotify_event*>(at);
        count += (event->mask & IN_CREATE) != 0;
        at += sizeof(inotify_event) + event->len;
      }
    }
    return count;
  }

 private:
  int fd_;
};

// Group commit runs every writer in a savepoint; its undo journal (a copy of each page it
// changes) stays in memory up to 128 KiB: writers that each change about 90 KiB of existing
// pages write no temporary file (SQLite's default moves the journal to one at 64 KiB), and
// one that changes 2 MiB does, and succeeds (so memory stays bounded; SQLite fails a spill
// from a limit above 128 KiB as "disk full").
TEST(SqlDatabaseOpen, SavepointJournalsStayInMemoryUpTo128KiB) {
  // SQLite takes the setting only before its first connection in the process: start afresh,
  // as the server does (every database of earlier tests in this process is closed).
  ASSERT_EQ(sqlite3_shutdown(), SQLITE_OK);
  test::TempDir dir, tmp;
  ASSERT_EQ(::setenv("SQLITE_TMPDIR", tmp.path().c_str(), 1), 0);
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("duka.db");
  auto db = SqlDatabase::open(config, events, std::chrono::seconds(1));
  const EventContext context = EventContext::system("test");
  db->write(context, [](Transaction& tx) {
    tx.run("CREATE TABLE small (v BLOB)");
    tx.run("CREATE TABLE large (v BLOB)");
    tx.run(
        "INSERT INTO small WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM n WHERE i < 80) SELECT randomblob(1000) FROM n");
    tx.run(
        "INSERT INTO large WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM n WHERE i < 2000) SELECT randomblob(1000) FROM n");
  });
  TempFileWatch watch(tmp.path());
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&] {
      db->write(context, [](Transaction& tx) { tx.run("UPDATE small SET v = randomblob(1000)"); });
    });
  }
  for (auto& writer : writers)
    writer.join();
  EXPECT_EQ(watch.created(), 0);
  db->write(context, [](Transaction& tx) { tx.run("UPDATE large SET v = randomblob(1000)"); });
  EXPECT_GT(watch.created(), 0);
  ::unsetenv("SQLITE_TMPDIR");
}

// threadNamed counts this process's threads with that name.
int threadNamed(const std::string& name) {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == name)
      ++count;
  }
  return count;
}

// The SQLite writer thread carries a name (top -H, perf, bench/run find it by it), and
// goes when the database closes.
TEST(SqlDatabaseOpen, TheSqliteWriterThreadIsNamedAndEndsWithTheDatabase) {
  test::TempDir dir;
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("duka.db");
  const int before = threadNamed("duka-sqlwriter");
  auto db = SqlDatabase::open(config, events, std::chrono::seconds(1));
  db->write(EventContext::system("test"), [](Transaction&) {});
  EXPECT_EQ(threadNamed("duka-sqlwriter"), before + 1);
  db->close();
  EXPECT_EQ(threadNamed("duka-sqlwriter"), before);
}

// niceOfThreadNamed is the nice value of this process's first thread with that name
// (field 19 of /proc/self/task/TID/stat), or nothing.
std::optional<int> niceOfThreadNamed(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (!std::getline(comm, line) || line != name)
      continue;
    std::ifstream statFile(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // from field 3, the state
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19)
        return std::stoi(field);
    }
  }
  return std::nullopt;
}

// The writer runs ten nice steps ahead of the other threads when the process may raise a
// thread's priority (root, CAP_SYS_NICE or RLIMIT_NICE), and at their priority otherwise.
TEST(SqlDatabaseOpen, TheSqliteWriterThreadRunsAheadWhenThePriorityMayBeRaised) {
  errno = 0;
  const int base = getpriority(PRIO_PROCESS, 0);
  ASSERT_EQ(errno, 0);
  const int boosted = std::max(base - 10, -20);
  bool mayRaise = false;
  std::thread probe(
      [&] { mayRaise = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), boosted) == 0; });
  probe.join();

  test::TempDir dir;
  EventDispatcher events;
  DatabaseConfig config;
  config.path = dir.file("duka.db");
  auto db = SqlDatabase::open(config, events, std::chrono::seconds(1));
  db->write(EventContext::system("test"), [](Transaction&) {});
  const std::optional<int> writerNice = niceOfThreadNamed("duka-sqlwriter");
  ASSERT_TRUE(writerNice.has_value());
  EXPECT_EQ(*writerNice, mayRaise ? boosted : base);
  db->close();
}

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
