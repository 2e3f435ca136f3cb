#include "audit_sealer.hpp"

#include <exception>
#include <string>

namespace duka::audit {

std::int64_t AuditSealer::unsealedRows() const {
  std::lock_guard<std::mutex> lock(sampleMutex_);
  return unsealed_;
}

double AuditSealer::lagSeconds() const {
  std::lock_guard<std::mutex> lock(sampleMutex_);
  if (seen_.empty())
    return 0;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - seen_.front().at).count();
}

void AuditSealer::run(const std::stop_token& stop) {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  if (now.count() < standByUntil_.load(std::memory_order_relaxed)) {
    // Another instance seals: only the sample for /metrics, now and then.
    const std::chrono::steady_clock::duration sampled{sampledAt_.load(std::memory_order_relaxed)};
    if (now - sampled >= kStandBySample)
      sample();
    return;
  }
  // The sample first: while nothing waits (an idle shop), a run costs one query.
  if (sample() == 0)
    return;
  while (pass() && !stop.stop_requested()) {
  }
}

bool AuditSealer::pass() {
  const SealPlan plan = rows_.planSeal();
  if (plan.rows.empty())
    return false;
  std::optional<std::int64_t> sealed;
  db_.write(EventContext::system("audit.sealer"),
            [&](Transaction& tx) { sealed = rows_.seal(tx, plan); });
  if (!sealed) {
    standByUntil_.store((std::chrono::steady_clock::now() + kStandBy).time_since_epoch().count(),
                        std::memory_order_relaxed);
    return false;
  }
  return *sealed == AuditRepository::kSealBatch;
}

std::int64_t AuditSealer::sample() {
  sampledAt_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                   std::memory_order_relaxed);
  const UnsealedRows waiting = rows_.unsealed();
  std::lock_guard<std::mutex> lock(sampleMutex_);
  unsealed_ = waiting.count;
  if (waiting.count == 0) {
    seen_.clear();
    return 0;
  }
  // Samples whose rows are all sealed now say nothing about the rows still waiting.
  while (!seen_.empty() && seen_.front().newestId < waiting.oldestId)
    seen_.pop_front();
  if (seen_.empty() || seen_.back().newestId < waiting.newestId)
    seen_.push_back({waiting.newestId, std::chrono::steady_clock::now()});
  return waiting.count;
}

}  // namespace duka::audit
