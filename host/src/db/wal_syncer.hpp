// WalSyncer: makes the SQLite writer's commits durable off its thread
// (docs/design/group-commit.md, "Durable off the writer's thread").
//
// With sqlite_synchronous = full, SQLite would sync the log inside every COMMIT, and the
// writer thread, which every write waits for, would wait for the disk. Instead the writer's
// connection commits without syncing (PRAGMA synchronous = NORMAL) and hands each committed
// batch to this thread: one fdatasync of the log makes every batch committed before it
// durable, and only then are the batch's callers answered and its events handed on. The
// writer meanwhile runs the next batch.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "duka/sql.hpp"

struct sqlite3;

namespace duka::host {

// SyncUnavailable is a sync that could not start (the log could not be opened): unlike a
// failed fsync, it loses nothing, and the next sync may succeed.
class SyncUnavailable : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

class WalSyncer {
 public:
  // Sync makes every commit made before the call durable; it throws when it cannot.
  using Sync = std::function<void()>;
  // Durable runs once the batch it was queued for is durable, or with the sync's failure.
  using Durable = std::function<void(std::exception_ptr failure)>;

  explicit WalSyncer(Sync sync);
  ~WalSyncer();  // stop()
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  // syncFile is the Sync of a file (the log, "<database>-wal"): fdatasync(2) on it, kept
  // open and opened again when SQLite has made the log anew; a log that is not there has
  // nothing left to sync. It throws SyncUnavailable when it cannot open the log.
  static Sync syncFile(std::string path);
  // logOf is the log SQLite keeps for a connection's database: the file it really opened
  // (a path through a symbolic link leads to the target's folder) with "-wal".
  static std::string logOf(sqlite3* connection);

  // committed queues `then` for the next sync: call it right after a commit.
  void committed(Durable then);
  // syncing tells whether a sync is running now: a commit made meanwhile waits for the next.
  bool syncing() const { return syncing_.load(std::memory_order_acquire); }
  // whenSynced sets what runs, on the syncer's thread, each time a sync ends (before its
  // batches are answered). Set it before the first commit.
  void whenSynced(std::function<void()> hook);
  // failed tells whether an fsync has failed. That failure is final: after a failed fsync the
  // kernel may have dropped the pages it could not write, and a later sync that succeeds
  // says nothing about them, so every later batch gets the same failure (restart duka).
  bool failed() const;
  // stop syncs and answers everything queued, and joins the thread.
  void stop();

 private:
  void run();

  Sync sync_;
  mutable std::mutex mutex_;
  std::exception_ptr failure_;
  bool unreachable_ = false;  // the thread's own: the last sync could not open the log
  std::condition_variable wake_;
  std::deque<Durable> queue_;
  std::function<void()> synced_;
  std::atomic<bool> syncing_{false};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::host
