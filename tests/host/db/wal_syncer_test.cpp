// WalSyncer and the SQLite writer with it (sqlite_synchronous = full): commits are synced off
// the writer's thread, one sync for every batch committed while the last one ran, and a
// write is answered, and its events handed on, only once the log holding it is synced.
#include "db/wal_syncer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/sqlite_connection.hpp"
#include "db/sqlite_writer.hpp"
#include "duka/shape.hpp"
#include "events/event_dispatcher.hpp"
#include "events/event_subscribers.hpp"
#include "support/test_database.hpp"

namespace duka::host {
namespace {

using namespace std::chrono_literals;

// eventually waits up to 5 s for done().
template <class Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(WalSyncer, BatchesAreAnsweredInOrderOnceASyncCoversThem) {
  std::promise<void> opened;
  std::shared_future<void> gate = opened.get_future().share();
  std::atomic<int> syncs{0};
  WalSyncer syncer([&] {
    gate.wait();
    ++syncs;
  });
  std::mutex mutex;
  std::vector<int> answered;
  for (int batch = 1; batch <= 3; ++batch) {
    syncer.committed([&, batch](std::exception_ptr failure) {
      EXPECT_FALSE(failure);
      std::lock_guard<std::mutex> lock(mutex);
      answered.push_back(batch);
    });
  }
  std::this_thread::sleep_for(50ms);
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_TRUE(answered.empty()) << "answered before the log was synced";
  }
  opened.set_value();
  syncer.stop();
  EXPECT_EQ(answered, (std::vector<int>{1, 2, 3}));
  // The first sync took batch 1 (or more); the rest waited for it and share one more.
  EXPECT_GE(syncs.load(), 1);
  EXPECT_LE(syncs.load(), 2);
  EXPECT_FALSE(syncer.failed());
}

TEST(WalSyncer, AFailedSyncFailsItsBatchesAndEveryLaterOneWithoutSyncingAgain) {
  std::atomic<int> syncs{0};
  WalSyncer syncer([&] {
    ++syncs;
    throw DatabaseUnavailable("EIO");
  });
  std::promise<std::exception_ptr> first, later;
  syncer.committed([&](std::exception_ptr failure) { first.set_value(failure); });
  EXPECT_TRUE(first.get_future().get());
  EXPECT_TRUE(syncer.failed());
  syncer.committed([&](std::exception_ptr failure) { later.set_value(failure); });
  const std::exception_ptr failure = later.get_future().get();
  ASSERT_TRUE(failure);
  EXPECT_THROW(std::rethrow_exception(failure), DatabaseUnavailable);
  EXPECT_EQ(syncs.load(), 1);
}

// descriptorsOn counts this process's open descriptors whose link reads `target`.
int descriptorsOn(const std::string& target) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (std::filesystem::read_symlink(entry.path(), ec).string() == target)
      ++count;
  }
  return count;
}

TEST(WalSyncer, SyncFileSyncsAFileAndFindsNothingToSyncWhereThereIsNone) {
  test::TempDir dir;
  const std::string log = dir.file("duka.db-wal");
  std::ofstream(log) << "frames";
  EXPECT_NO_THROW(WalSyncer::syncFile(log)());
  EXPECT_NO_THROW(WalSyncer::syncFile(dir.file("gone.db-wal"))());
  EXPECT_THROW(WalSyncer::syncFile(dir.file(std::string(5000, 'x')))(), SyncUnavailable);
  // A log SQLite removed and made anew is found again.
  const WalSyncer::Sync sync = WalSyncer::syncFile(log);
  sync();
  std::filesystem::remove(log);
  sync();
  std::ofstream(log) << "new frames";
  EXPECT_NO_THROW(sync());
  // The new log is the one held (and synced), not the removed one.
  const std::string held = std::filesystem::canonical(log).string();
  EXPECT_EQ(descriptorsOn(held), 1);
  EXPECT_EQ(descriptorsOn(held + " (deleted)"), 0);
}

// A sync that could not start (the log could not be opened) fails its batches but is not
// final: nothing was lost, and the next sync covers them.
TEST(WalSyncer, ALogThatCouldNotBeOpenedFailsOnlyItsOwnBatches) {
  std::atomic<int> syncs{0};
  WalSyncer syncer([&] {
    if (++syncs == 1)
      throw SyncUnavailable("EMFILE");
  });
  std::promise<std::exception_ptr> first, next;
  syncer.committed([&](std::exception_ptr failure) { first.set_value(failure); });
  EXPECT_TRUE(first.get_future().get());
  syncer.committed([&](std::exception_ptr failure) { next.set_value(failure); });
  EXPECT_FALSE(next.get_future().get());
  EXPECT_FALSE(syncer.failed());
  EXPECT_EQ(syncs.load(), 2);
}

// The log synced is the one SQLite writes: for a database file that is a symbolic link, the
// target's name with "-wal", not a name beside the link that never exists (and so would
// never be synced).
TEST(WalSyncer, TheLogOfADatabaseThatIsALinkIsTheTargets) {
  test::TempDir dir;
  std::filesystem::create_directory(dir.file("real"));
  { SqliteConnection(dir.file("real/target.db"), "normal"); }
  std::filesystem::create_symlink(dir.file("real/target.db"), dir.file("duka.db"));
  SqliteConnection connection(dir.file("duka.db"), "normal");
  connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  const std::string log = WalSyncer::logOf(connection.handle());
  EXPECT_TRUE(std::filesystem::exists(log));
  EXPECT_EQ(std::filesystem::canonical(log),
            std::filesystem::canonical(dir.file("real")) / "target.db-wal");
  EXPECT_FALSE(std::filesystem::exists(dir.file("duka.db-wal")));
}

struct Noted {
  std::string name;
};
const Shape<Noted>& notedShape() {
  static const Shape<Noted> shape = Shape<Noted>("Noted").field("name", &Noted::name);
  return shape;
}
constexpr EventType<Noted> kNoted{"row.noted", notedShape};

// The writer with a syncer: the batch is committed (a reader sees it), but its caller waits,
// and its after-commit subscribers have seen nothing, until the sync that covers it is done.
TEST(SqliteWriterWithASyncer, AWriteIsAnsweredAndItsEventsHandedOnOnlyOnceTheLogIsSynced) {
  test::TempDir dir;
  const std::string path = dir.file("duka.db");
  SqliteConnection reader(path, "normal");
  reader.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");

  std::promise<void> opened;
  std::shared_future<void> gate = opened.get_future().share();
  auto syncer = std::make_shared<WalSyncer>([&, sync = WalSyncer::syncFile(path + "-wal")] {
    gate.wait();
    sync();
  });
  EventDispatcher events;
  events.start();
  std::atomic<bool> seen{false};
  auto subscribers = std::make_shared<EventSubscribers>();
  subscribers->subscribeAfterCommit(
      "row.noted", [&](const Event&) { seen = true; }, nullptr);
  SqliteWriter writer([&] { return std::make_unique<SqliteConnection>(path, "normal"); }, nullptr,
                      events, syncer);

  std::atomic<bool> answered{false};
  std::thread caller([&] {
    writer.write(subscribers, EventContext::system("test"), [](Transaction& tx) {
      tx.run("INSERT INTO t (id) VALUES (1)");
      tx.publish(kNoted, {"one"});
    });
    answered = true;
  });
  const auto committed = [&] {
    std::int64_t rows = 0;
    reader.run("SELECT COUNT(*) FROM t", {}, [&](const SqlRow& row) { rows = row.integer(0); });
    return rows == 1;
  };
  ASSERT_TRUE(eventually(committed));
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(answered.load()) << "answered before the log was synced";
  EXPECT_FALSE(seen.load()) << "an event handed on before the log was synced";

  opened.set_value();
  caller.join();
  EXPECT_TRUE(answered.load());
  EXPECT_TRUE(eventually([&] { return seen.load(); }));
  writer.close();
  events.stop();
}

// HeldSync is a writer whose first sync lasts until the test calls release(): writes that
// arrive meanwhile find the batch after it held open. insert(id) writes a row from a thread of
// its own; ran counts the writes the writer has run, answered those whose callers returned.
class HeldSync : public ::testing::Test {
 protected:
  HeldSync() : path_(dir_.file("duka.db")), reader_(path_, "normal") {
    reader_.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    syncer_ = std::make_shared<WalSyncer>([this, sync = WalSyncer::syncFile(path_ + "-wal")] {
      if (++syncs_ == 1)
        gate_.wait();
      sync();
    });
    writer_ = std::make_unique<SqliteWriter>(
        [this] { return std::make_unique<SqliteConnection>(path_, "normal"); }, nullptr, events_,
        syncer_);
  }
  ~HeldSync() override {
    release();
    joinCallers();
  }

  void insert(int id) {
    callers_.emplace_back([this, id] {
      writer_->write(subscribers_, EventContext::system("test"), [this, id](Transaction& tx) {
        tx.run("INSERT INTO t (id) VALUES ($1)", {id});
        ++ran;
      });
      ++answered;
    });
  }
  // insertNow writes from this thread and waits for the outcome.
  void insertNow() {
    writer_->write(subscribers_, EventContext::system("test"), [](Transaction&) {});
  }
  void release() {
    if (!released_.exchange(true))
      opened_.set_value();
  }
  void joinCallers() {
    for (auto& caller : callers_)
      caller.join();
    callers_.clear();
  }
  std::int64_t rows() {
    std::int64_t count = 0;
    reader_.run("SELECT COUNT(*) FROM t", {}, [&](const SqlRow& row) { count = row.integer(0); });
    return count;
  }

  // Members are destroyed in reverse: the callers first, then the writer (its close() stops
  // the syncer, whose sync reads the gate), then what they use.
  test::TempDir dir_;
  const std::string path_;
  SqliteConnection reader_;
  std::promise<void> opened_;
  std::shared_future<void> gate_ = opened_.get_future().share();
  std::atomic<bool> released_{false};
  std::atomic<int> syncs_{0};
  EventDispatcher events_;
  std::shared_ptr<EventSubscribers> subscribers_ = std::make_shared<EventSubscribers>();
  std::shared_ptr<WalSyncer> syncer_;
  std::unique_ptr<SqliteWriter> writer_;
  std::vector<std::thread> callers_;
  std::atomic<int> ran{0}, answered{0};
};

// Writes that arrive while a sync runs wait for the next one whatever happens, so they share
// one commit, taken when the sync ends: fewer commits, and fewer pages appended to the log.
TEST_F(HeldSync, WritesArrivingWhileASyncRunsShareTheCommitAfterIt) {
  insert(1);
  ASSERT_TRUE(eventually([&] { return syncer_->syncing(); }));  // 1 committed, its sync held
  // One at a time, each run by the writer before the next arrives.
  for (int id = 2; id <= 6; ++id) {
    insert(id);
    ASSERT_TRUE(eventually([&] { return ran.load() == id; }));
  }
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(rows(), 1) << "a write committed while the sync ran";

  release();
  joinCallers();
  EXPECT_EQ(rows(), 6);
  const SqliteWriter::BatchSizes sizes = writer_->batchSizes();
  EXPECT_EQ(sizes.count, 2U);  // {1}, then {2..6} in one commit
  EXPECT_EQ(sizes.writes, 6U);
}

// close() while a batch is held open for a running sync: the batch commits at once, close
// waits for the sync, and every caller is answered with its write committed.
TEST_F(HeldSync, CloseCommitsABatchHeldOpenForASyncAndAnswersItOnceSynced) {
  insert(1);
  ASSERT_TRUE(eventually([&] { return syncer_->syncing(); }));
  insert(2);  // held open, waiting for the sync of 1
  ASSERT_TRUE(eventually([&] { return ran.load() == 2; }));

  std::thread closer([&] { writer_->close(); });
  EXPECT_TRUE(eventually([&] { return rows() == 2; })) << "close did not commit the held batch";
  EXPECT_EQ(answered.load(), 0) << "answered before the log was synced";
  release();
  closer.join();
  joinCallers();
  EXPECT_EQ(answered.load(), 2);
  EXPECT_THROW(insertNow(), DatabaseUnavailable);
}

// A failed sync fails the writes it covered, and the writer commits nothing after it.
TEST(SqliteWriterWithASyncer, AfterAFailedSyncWritesFailAndNothingMoreIsCommitted) {
  test::TempDir dir;
  const std::string path = dir.file("duka.db");
  SqliteConnection reader(path, "normal");
  reader.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto syncer = std::make_shared<WalSyncer>([] { throw DatabaseUnavailable("EIO"); });
  EventDispatcher events;
  auto subscribers = std::make_shared<EventSubscribers>();
  SqliteWriter writer([&] { return std::make_unique<SqliteConnection>(path, "normal"); }, nullptr,
                      events, syncer);
  const auto insert = [&](int id) {
    writer.write(subscribers, EventContext::system("test"),
                 [id](Transaction& tx) { tx.run("INSERT INTO t (id) VALUES ($1)", {id}); });
  };
  EXPECT_FALSE(writer.durabilityLost());
  EXPECT_THROW(insert(1), DatabaseUnavailable);  // committed, but never promised
  EXPECT_TRUE(writer.durabilityLost());          // what /health and the watchdog ask
  EXPECT_THROW(insert(2), DatabaseUnavailable);
  std::int64_t rows = 0;
  reader.run("SELECT COUNT(*) FROM t WHERE id = 2", {},
             [&](const SqlRow& row) { rows = row.integer(0); });
  EXPECT_EQ(rows, 0);
  writer.close();
}

}  // namespace
}  // namespace duka::host
