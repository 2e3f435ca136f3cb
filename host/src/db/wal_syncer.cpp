#include "db/wal_syncer.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "duka/sql.hpp"

namespace duka::host {

WalSyncer::WalSyncer(Sync sync) : sync_(std::move(sync)) {
  thread_ = std::thread([this] { run(); });
}

WalSyncer::~WalSyncer() {
  stop();
}

WalSyncer::Sync WalSyncer::syncFile(std::string path) {
  return [path = std::move(path)] {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    // No log: SQLite removes it only when its last connection closes, after copying every
    // page into the database file and syncing that. Nothing is left to sync.
    if (fd < 0 && errno == ENOENT)
      return;
    if (fd < 0) {
      throw DatabaseUnavailable("cannot open the SQLite log " + path +
                                " to sync it: " + std::strerror(errno));
    }
    const int rc = ::fdatasync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) {
      throw DatabaseUnavailable("cannot sync the SQLite log " + path + ": " + std::strerror(error));
    }
  };
}

std::string WalSyncer::logOf(sqlite3* connection) {
  const sqlite3_filename database = sqlite3_db_filename(connection, "main");
  const char* log = database ? sqlite3_filename_wal(database) : nullptr;
  if (log == nullptr || *log == '\0')
    throw DatabaseUnavailable("the SQLite database has no log file to sync");
  return log;
}

void WalSyncer::committed(Durable then) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(then));
  }
  wake_.notify_one();
}

bool WalSyncer::failed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_ != nullptr;
}

void WalSyncer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
    thread_.join();
}

void WalSyncer::run() {
  pthread_setname_np(pthread_self(), "duka-sqlsync");  // top -H, perf
  for (;;) {
    std::deque<Durable> batches;
    std::exception_ptr failure;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping, and everybody queued has been answered
      batches.swap(queue_);
      failure = failure_;
    }
    // One sync for every batch committed so far: those queued while the last sync ran.
    if (!failure) {
      try {
        sync_();
      } catch (...) {
        failure = std::current_exception();
        std::lock_guard<std::mutex> lock(mutex_);
        failure_ = failure;
      }
    }
    for (auto& then : batches)
      then(failure);
  }
}

}  // namespace duka::host
