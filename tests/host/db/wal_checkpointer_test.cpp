// WalCheckpointer: commits count the log and leave the copying to a thread of its own, the
// log still restarts (bounded), and through SqlDatabase a steady stream of concurrent writes
// keeps every row with a bounded log.
#include "db/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/sql_database.hpp"
#include "db/sqlite_connection.hpp"
#include "support/test_database.hpp"

namespace duka::host {
namespace {

constexpr int kPage = 4096;

std::unique_ptr<SqliteConnection> openWal(const std::string& path) {
  return std::make_unique<SqliteConnection>(path, "off");  // many commits, without fsync
}

// waitFor polls done for up to 10 s.
template <class F>
bool waitFor(F done) {
  for (int i = 0; i < 1000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

// threadsNamed counts this process's threads of that name.
int threadsNamed(const std::string& name) {
  int found = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    std::getline(comm, line);
    found += line == name;
  }
  return found;
}

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::path(dir_.path()) / "wal.db").string();
    writer_ = openWal(path_);
    writer_->execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL)");
    checkpointer_.emplace([this] { return openWal(path_); });
    checkpointer_->watch(writer_->handle());
  }
  void TearDown() override {
    checkpointer_->stop();
    writer_.reset();
  }

  // commit writes one row of about a page in a transaction of its own.
  void commit() {
    const std::string data(kPage - 200, 'x');
    writer_->run("INSERT INTO blobs (data) VALUES ($1)", {data});
    ++commits_;
  }
  std::uintmax_t logBytes() const { return std::filesystem::file_size(path_ + "-wal"); }

  test::TempDir dir_;
  std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  std::optional<WalCheckpointer> checkpointer_;
  std::int64_t commits_ = 0;
};

TEST_F(WalCheckpointerTest, CommitsCountTheLogAndTheThreadCopiesIt) {
  // SQLite alone would checkpoint in the commit that passes 1000 pages and restart the log
  // at the next one: here the log keeps growing, and the thread copies it.
  while (checkpointer_->logPages() < 2 * WalCheckpointer::kCopyFrom)
    commit();
  EXPECT_FALSE(checkpointer_->restartDue());
  EXPECT_TRUE(waitFor([&] { return checkpointer_->copiedPages() >= WalCheckpointer::kCopyFrom; }))
      << checkpointer_->copiedPages();
  EXPECT_EQ(threadsNamed("duka-sqlckpt"), 1);
  EXPECT_GE(logBytes(), static_cast<std::uintmax_t>(2 * WalCheckpointer::kCopyFrom) * kPage);
}

TEST_F(WalCheckpointerTest, TheLogRestartsOnceLongAndCopied) {
  while (checkpointer_->logPages() < WalCheckpointer::kRestartFrom)
    commit();
  // Copied by the thread (nearly) to the end, the log may restart. Copied wholly between two
  // commits, SQLite restarts it at the next commit by itself: the log is short again.
  ASSERT_TRUE(waitFor([&] {
    if (checkpointer_->restartDue() || checkpointer_->logPages() < WalCheckpointer::kRestartFrom)
      return true;
    commit();  // a commit past kCopyFrom pages left to copy asks the thread again
    return false;
  }));
  const int before = checkpointer_->logPages();
  // restart() passes while the thread is copying: the writer tries again after a batch.
  EXPECT_TRUE(waitFor([&] {
    checkpointer_->restart(*writer_);
    commit();
    return checkpointer_->logPages() < 10;
  })) << "before the restart: "
      << before;
  EXPECT_FALSE(checkpointer_->restartDue());
  std::int64_t rows = 0;
  writer_->run("SELECT count(*) FROM blobs", {}, [&](const SqlRow& row) { rows = row.integer(0); });
  EXPECT_EQ(rows, commits_);
}

TEST_F(WalCheckpointerTest, AtTheCapTheLogRestartsEvenUncopied) {
  checkpointer_->stop();  // nothing copies behind the commits any more
  while (!checkpointer_->restartDue()) {
    ASSERT_LT(checkpointer_->logPages(), WalCheckpointer::kRestartCap);
    commit();
  }
  EXPECT_EQ(checkpointer_->copiedPages(), 0);
  checkpointer_->restart(*writer_);
  commit();
  EXPECT_LT(checkpointer_->logPages(), 10);
}

// Through SqlDatabase: 8 writers at once for long enough to pass the restart point several
// times; every row is there and the log stays within its bound.
TEST(SqlDatabaseCheckpoints, AStreamOfConcurrentWritesKeepsEveryRowAndABoundedLog) {
  test::TempDir dir;
  DatabaseConfig config;
  config.backend = Backend::Sqlite;
  config.path = (std::filesystem::path(dir.path()) / "stream.db").string();
  config.sqliteSynchronous = "normal";
  EventDispatcher events;
  auto db = SqlDatabase::open(config, events, std::chrono::seconds(10));
  db->write(EventContext::system("test"), [](Transaction& tx) {
    tx.run("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL)");
  });
  constexpr int kThreads = 8, kEach = 2500;  // about 5 times kRestartFrom pages in all
  std::uintmax_t largestLog = 0;
  std::atomic<bool> writing{true};
  std::thread watcher([&] {
    while (writing) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(config.path + "-wal", ec);
      if (!ec)
        largestLog = std::max(largestLog, size);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&db] {
      for (int i = 0; i < kEach; ++i) {
        std::string data(kPage - 200, 'y');
        db->write(EventContext::system("test"),
                  [&](Transaction& tx) { tx.run("INSERT INTO blobs (data) VALUES ($1)", {data}); });
      }
    });
  }
  for (auto& writer : writers)
    writer.join();
  writing = false;
  watcher.join();

  std::int64_t rows = 0;
  std::string integrity;
  db->run("SELECT count(*) FROM blobs", {}, [&](const SqlRow& row) { rows = row.integer(0); });
  db->run("PRAGMA integrity_check", {}, [&](const SqlRow& row) { integrity = row.text(0); });
  EXPECT_EQ(rows, kThreads * kEach);
  EXPECT_EQ(integrity, "ok");
  // The log restarted: usually soon after kRestartFrom pages, and on a machine too busy for
  // the thread to keep up at kRestartCap at the latest (plus the pages of a batch or two).
  // Without restarts it would have reached about 24,000 pages.
  EXPECT_LT(largestLog, static_cast<std::uintmax_t>(WalCheckpointer::kRestartCap + 1024) * kPage)
      << largestLog;
  db->close();
}

}  // namespace
}  // namespace duka::host
