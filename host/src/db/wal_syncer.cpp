#include "db/wal_syncer.hpp"

#include <Poco/Logger.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
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
  // The log stays open between syncs (no descriptor needed per sync, which a process short
  // of them could not get); it is opened again when SQLite has made the log anew.
  struct OpenLog {
    std::string path;
    int fd = -1;
    ~OpenLog() {
      if (fd >= 0)
        ::close(fd);
    }
  };
  auto log = std::make_shared<OpenLog>();
  log->path = std::move(path);
  return [log] {
    struct stat named {};
    if (::stat(log->path.c_str(), &named) != 0) {
      // No log: SQLite removes it only when its last connection closes, after copying
      // every page into the database file and syncing that. Nothing is left to sync.
      if (errno == ENOENT)
        return;
      throw SyncUnavailable("cannot find the SQLite log " + log->path + ": " +
                            std::strerror(errno));
    }
    struct stat held {};
    if (log->fd >= 0 && (::fstat(log->fd, &held) != 0 || held.st_ino != named.st_ino ||
                         held.st_dev != named.st_dev)) {
      ::close(log->fd);
      log->fd = -1;
    }
    if (log->fd < 0) {
      log->fd = ::open(log->path.c_str(), O_RDONLY | O_CLOEXEC);
      if (log->fd < 0) {
        throw SyncUnavailable("cannot open the SQLite log " + log->path +
                              " to sync it: " + std::strerror(errno));
      }
    }
    if (::fdatasync(log->fd) != 0)
      throw DatabaseUnavailable("cannot sync the SQLite log " + log->path + ": " +
                                std::strerror(errno));
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

void WalSyncer::whenSynced(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mutex_);
  synced_ = std::move(hook);
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
    std::function<void()> synced;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping, and everybody queued has been answered
      batches.swap(queue_);
      failure = failure_;
      synced = synced_;
      syncing_.store(true, std::memory_order_release);
    }
    // One sync for every batch committed so far: those queued while the last sync ran.
    if (!failure) {
      try {
        sync_();
        if (std::exchange(unreachable_, false))
          Poco::Logger::get("duka.db").information("the SQLite log is synced again");
      } catch (const SyncUnavailable& e) {
        // The log could not be reached (no descriptor left, say): these batches fail, but
        // no page was lost, and the next sync makes them durable with the next ones.
        if (!std::exchange(unreachable_, true)) {
          Poco::Logger::get("duka.db").error(
              "%s; the writes each such sync covers answer 503 until one succeeds",
              std::string(e.what()));
        }
        failure = std::current_exception();
      } catch (const std::exception& e) {
        failure = std::current_exception();
        Poco::Logger::get("duka.db").critical(
            "%s; writes are refused until duka restarts (what the disk could not take may be "
            "lost: check it first)",
            std::string(e.what()));
        std::lock_guard<std::mutex> lock(mutex_);
        failure_ = failure;
      }
    }
    syncing_.store(false, std::memory_order_release);
    if (synced)
      synced();
    for (auto& then : batches)
      then(failure);
  }
}

}  // namespace duka::host
