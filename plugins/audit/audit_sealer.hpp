// AuditSealer: the work that extends the audit chain (both backends), run by the host every
// kInterval (PluginContext::every). Each run samples what waits for a seal (for /metrics);
// when rows wait, passes seal them, a batch per transaction that holds the sealer's lock, so
// one instance seals at a time and another takes over when it dies
// (docs/design/postgresql-scale-out.md).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stop_token>

#include "audit_repository.hpp"

namespace duka::audit {

class AuditSealer {
 public:
  // kInterval is the pause between passes while nothing is left to seal.
  static constexpr std::chrono::milliseconds kInterval{50};
  // kStandBy is how long a sealer that lost a pass to another instance's sealer (its lock
  // was held, or the chain had moved past the plan) leaves the sealing to it: its plans,
  // each read and hashed in vain, cost the database as much as the winner's. It then tries
  // again, and so takes over within about that much once the other instance is gone.
  // Meanwhile it samples what waits every kStandBySample, for its /metrics.
  static constexpr std::chrono::milliseconds kStandBy{1000};
  static constexpr std::chrono::milliseconds kStandBySample{250};

  AuditSealer(Database& db, AuditRepository& rows) : db_(db), rows_(rows) {}

  // run seals what waits, batch after batch, until a batch is not full or stop is asked.
  void run(const std::stop_token& stop);

  // unsealedRows is how many rows waited at the last sample.
  std::int64_t unsealedRows() const;
  // lagSeconds is how long the oldest waiting row has waited, as this instance has seen it
  // (0 when none waits).
  double lagSeconds() const;

 private:
  // pass seals one batch if this instance wins the lock; true when a full batch was sealed
  // (more may wait). A lost pass starts a stand-by.
  bool pass();
  // sample reads what waits for a seal (for /metrics) and returns how many rows.
  std::int64_t sample();

  Database& db_;
  AuditRepository& rows_;
  // Until when this sealer stands by after a lost pass, and when it last sampled (steady
  // clock ticks).
  std::atomic<std::chrono::steady_clock::rep> standByUntil_{0}, sampledAt_{0};
  // Seen is one sample that found rows waiting: the newest of them, and when. The oldest row
  // waiting now has waited at least since the first sample whose newest row is not older.
  struct Seen {
    std::int64_t newestId;
    std::chrono::steady_clock::time_point at;
  };
  mutable std::mutex sampleMutex_;
  std::int64_t unsealed_ = 0;
  std::deque<Seen> seen_;
};

}  // namespace duka::audit
