// AuditSealer: the thread that extends the audit chain on PostgreSQL. Every kInterval it
// samples what waits for a seal (for /metrics); when rows wait, a pass seals them in one
// transaction that holds the sealer's lock, so one instance seals at a time and another
// takes over when it dies (docs/design/postgresql-scale-out.md).
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "audit_repository.hpp"

namespace duka::audit {

class AuditSealer {
 public:
  // kInterval is the pause between passes while nothing is left to seal.
  static constexpr std::chrono::milliseconds kInterval{50};

  AuditSealer(Database& db, AuditRepository& rows, Poco::Logger& log);
  ~AuditSealer();
  AuditSealer(const AuditSealer&) = delete;
  AuditSealer& operator=(const AuditSealer&) = delete;

  void start();
  // stop lets the pass in progress finish and joins the thread.
  void stop();

  // unsealedRows is how many rows waited at the last sample.
  std::int64_t unsealedRows() const;
  // lagSeconds is how long the oldest waiting row has waited, as this instance has seen it
  // (0 when none waits).
  double lagSeconds() const;

 private:
  void run();
  // pass seals one batch if this instance wins the lock; true when a full batch was sealed
  // (more may wait).
  bool pass();
  // sample reads what waits for a seal (for /metrics) and returns how many rows.
  std::int64_t sample();

  Database& db_;
  AuditRepository& rows_;
  Poco::Logger& log_;
  // Seen is one sample that found rows waiting: the newest of them, and when. The oldest row
  // waiting now has waited at least since the first sample whose newest row is not older.
  struct Seen {
    std::int64_t newestId;
    std::chrono::steady_clock::time_point at;
  };
  mutable std::mutex sampleMutex_;
  std::int64_t unsealed_ = 0;
  std::deque<Seen> seen_;
  bool failing_ = false;  // the last pass failed (and that was logged)

  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::audit
