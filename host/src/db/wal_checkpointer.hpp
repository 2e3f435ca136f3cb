// WalCheckpointer: SQLite's WAL checkpoints, moved off the writer thread
// (docs/design/group-commit.md, "Checkpoints").
//
// SQLite checkpoints inside the COMMIT that takes the log past 1000 pages: it copies them
// into the database file and syncs it, while every writer of that batch, and everybody
// queued behind it, waits. Here the commits only count the log's pages (a WAL hook on each
// connection of the pool); a thread of its own copies them with PASSIVE checkpoints on a
// connection of its own, beside the writer. The log restarts from its beginning only after
// a checkpoint that finds every page copied, so once the log is long the thread copies
// whatever is left after each commit, and the writer runs one checkpoint between two
// batches when the thread has copied nearly all of it: a short one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace duka::host {

class SqliteConnection;

class WalCheckpointer {
 public:
  // The thread copies once this many pages wait in the log (SQLite's own checkpoint
  // threshold: as many copies, and syncs, as SQLite would make).
  static constexpr int kCopyFrom = 1000;
  // The writer lets the log restart once it holds kRestartFrom pages (16 MiB at 4 KiB
  // pages) and at most kRestartLeft of them are left to copy, or in any case at
  // kRestartCap (64 MiB).
  static constexpr int kRestartFrom = 4096;
  static constexpr int kRestartLeft = 256;
  static constexpr int kRestartCap = 16384;

  // open opens the connection the thread checkpoints on (only when it first has work).
  explicit WalCheckpointer(std::function<std::unique_ptr<SqliteConnection>()> open);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // watch makes a connection report its commits here instead of checkpointing in them.
  void watch(sqlite3* db);
  // restartDue tells the writer, between two batches, to run restart(): the log is long and
  // (nearly) all copied.
  bool restartDue() const;
  // restart runs the short checkpoint that lets the next commit write the log from its
  // beginning, on a connection with no transaction open.
  void restart(SqliteConnection& connection);
  // stop ends the thread; the connections' own checkpoint at close still runs.
  void stop();

  // logPages is the length of the log at the last commit, in pages; copiedPages how many of
  // them the last checkpoint had copied into the database file.
  int logPages() const { return logPages_.load(std::memory_order_relaxed); }
  int copiedPages() const { return copiedPages_.load(std::memory_order_relaxed); }

 private:
  static int onCommit(void* self, sqlite3* db, const char* schema, int pages);
  void run();
  // leftToCopy is how many pages of the log no checkpoint has copied yet.
  int leftToCopy() const;
  // checkpoint runs PRAGMA wal_checkpoint(PASSIVE) on connection and records how far it got.
  // Another checkpoint running leaves it undone; an error is logged (once while it lasts).
  void checkpoint(SqliteConnection& connection);

  std::function<std::unique_ptr<SqliteConnection>()> open_;
  std::atomic<int> logPages_{0};
  std::atomic<int> copiedPages_{0};  // of the log as the last checkpoint found it
  std::atomic<bool> asked_{false};
  std::mutex copying_;  // one checkpoint at a time: the thread's or the writer's
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> failing_{false};  // the last checkpoint failed (and that was logged)
  std::thread thread_;
};

}  // namespace duka::host
