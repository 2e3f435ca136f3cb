#include "audit_sealer.hpp"

#include <pthread.h>

#include <exception>
#include <string>

namespace duka::audit {

AuditSealer::AuditSealer(Database& db, AuditRepository& rows, Poco::Logger& log)
    : db_(db), rows_(rows), log_(log) {}

AuditSealer::~AuditSealer() {
  stop();
}

void AuditSealer::start() {
  thread_ = std::thread([this] { run(); });
}

void AuditSealer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

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

void AuditSealer::run() {
  pthread_setname_np(pthread_self(), "duka-auditseal");
  for (;;) {
    bool more = false;
    try {
      // The sample first: while nothing waits (an idle shop), a pass costs one query.
      if (sample() > 0)
        more = pass();
      if (failing_)
        log_.information("audit: sealing works again");
      failing_ = false;
    } catch (const std::exception& e) {
      if (!failing_)
        log_.error("audit: sealing failed (retrying every %d ms): %s",
                   static_cast<int>(kInterval.count()), std::string(e.what()));
      failing_ = true;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (!more)
      wakeup_.wait_for(lock, kInterval, [this] { return stopping_; });
    if (stopping_)
      return;
  }
}

bool AuditSealer::pass() {
  std::optional<std::int64_t> sealed;
  db_.write(EventContext::system("audit.sealer"),
            [&](Transaction& tx) { sealed = rows_.sealBatch(tx); });
  return sealed && *sealed == AuditRepository::kSealBatch;
}

std::int64_t AuditSealer::sample() {
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
