#include "db/wal_checkpointer.hpp"

#include <Poco/Logger.h>
#include <pthread.h>
#include <sqlite3.h>

#include <exception>

#include "db/sqlite_connection.hpp"

namespace duka::host {

WalCheckpointer::WalCheckpointer(std::function<std::unique_ptr<SqliteConnection>()> open)
    : open_(std::move(open)) {}

WalCheckpointer::~WalCheckpointer() {
  stop();
}

void WalCheckpointer::watch(sqlite3* db) {
  // Replaces SQLite's own hook, the one that checkpoints in the commit.
  sqlite3_wal_hook(db, &WalCheckpointer::onCommit, this);
}

int WalCheckpointer::onCommit(void* self, sqlite3*, const char*, int pages) {
  auto& me = *static_cast<WalCheckpointer*>(self);
  me.logPages_.store(pages, std::memory_order_relaxed);
  // Once the log is long, the thread copies whatever more than kRestartLeft pages is left,
  // so that the log soon may restart.
  const int askFrom = pages >= kRestartFrom ? kRestartLeft + 1 : kCopyFrom;
  if (me.leftToCopy() >= askFrom && !me.asked_.load(std::memory_order_relaxed)) {
    {
      std::lock_guard<std::mutex> lock(me.mutex_);
      me.asked_ = true;
      if (!me.thread_.joinable() && !me.stopping_)
        me.thread_ = std::thread([&me] { me.run(); });
    }
    me.wake_.notify_one();
  }
  return SQLITE_OK;
}

int WalCheckpointer::leftToCopy() const {
  const int pages = logPages_.load(std::memory_order_relaxed);
  const int copied = copiedPages_.load(std::memory_order_relaxed);
  // More copied than the log holds: the count is from before the log restarted.
  return copied <= pages ? pages - copied : pages;
}

bool WalCheckpointer::restartDue() const {
  const int pages = logPages_.load(std::memory_order_relaxed);
  return pages >= kRestartCap || (pages >= kRestartFrom && leftToCopy() <= kRestartLeft);
}

void WalCheckpointer::restart(SqliteConnection& connection) {
  // While the thread copies, SQLite would refuse this checkpoint (busy): try again after
  // the next batch, or at the cap wait for the thread's turn to end.
  std::unique_lock<std::mutex> turn(copying_, std::defer_lock);
  if (logPages_.load(std::memory_order_relaxed) >= kRestartCap)
    turn.lock();
  else if (!turn.try_lock())
    return;
  checkpoint(connection);
}

void WalCheckpointer::checkpoint(SqliteConnection& connection) {
  std::int64_t busy = 0, copied = 0;
  try {
    connection.run("PRAGMA wal_checkpoint(PASSIVE)", {}, [&](const SqlRow& row) {
      busy = row.integer(0);
      copied = row.integer(2);
    });
  } catch (const std::exception& e) {
    if (!failing_.exchange(true)) {
      Poco::Logger::get("duka.db").warning(
          "a WAL checkpoint failed (the log grows until one succeeds): %s", std::string(e.what()));
    }
    return;
  }
  if (failing_.exchange(false))
    Poco::Logger::get("duka.db").information("WAL checkpoints succeed again");
  // busy: another checkpoint holds the log; -1: not in WAL mode.
  if (!busy && copied >= 0)
    copiedPages_.store(static_cast<int>(copied), std::memory_order_relaxed);
}

void WalCheckpointer::run() {
  pthread_setname_np(pthread_self(), "duka-sqlckpt");  // top -H, perf
  std::unique_ptr<SqliteConnection> connection;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || asked_; });
      if (stopping_)
        return;
      asked_ = false;
    }
    try {
      if (!connection)
        connection = open_();
      std::lock_guard<std::mutex> turn(copying_);
      checkpoint(*connection);
    } catch (const std::exception& e) {
      connection.reset();  // tried again at the next commit that asks
      if (!failing_.exchange(true)) {
        Poco::Logger::get("duka.db").warning("the WAL checkpoint connection did not open: %s",
                                             std::string(e.what()));
      }
    }
  }
}

void WalCheckpointer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
}

}  // namespace duka::host
