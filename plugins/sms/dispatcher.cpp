#include "dispatcher.hpp"

#include <Poco/Timestamp.h>

#include <algorithm>

namespace duka::sms {

namespace {

constexpr std::chrono::milliseconds kPollInterval{1000};
constexpr std::chrono::milliseconds kErrorPause{1000};

}  // namespace

std::int64_t nowMs() {
  return Poco::Timestamp().epochMicroseconds() / 1000;
}

namespace {

std::atomic<std::uint64_t>& outcomeCounter(Metrics& metrics, const std::string& provider,
                                           const char* outcome) {
  return metrics.counter("sms_messages",
                         "SMS messages by provider and outcome: sent (the provider took it), "
                         "failed (for good), retried (an attempt failed and will be retried)",
                         {{"provider", provider}, {"outcome", outcome}});
}

}  // namespace

Dispatcher::Dispatcher(OutboxRepository& outbox, std::shared_ptr<SmsProvider> provider,
                       const SmsSettings& settings, Metrics& metrics, Poco::Logger& log)
    : outbox_(outbox),
      provider_(std::move(provider)),
      settings_(settings),
      retries_(settings.retryBase, settings.retryMax),
      log_(log),
      random_(std::random_device{}()),
      sent_(outcomeCounter(metrics, settings.provider, "sent")),
      failed_(outcomeCounter(metrics, settings.provider, "failed")),
      retried_(outcomeCounter(metrics, settings.provider, "retried")) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::start() {
  thread_ = std::thread([this] { run(); });
}

void Dispatcher::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_one();
}

void Dispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
  if (thread_.joinable())
    thread_.join();
}

void Dispatcher::run() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_)
        break;
    }
    try {
      if (sendOne())
        continue;
      idle();
    } catch (const std::exception& e) {
      // The database is away or busy: try again shortly; the rows wait in the outbox.
      log_.error("sms dispatcher: %s", std::string(e.what()));
      std::unique_lock<std::mutex> lock(mutex_);
      wakeup_.wait_for(lock, kErrorPause, [this] { return stopping_; });
    }
  }
  if (!unsettled_)
    return;
  try {
    outbox_.settleAndClaim(unsettled_, nowMs(), 0, settings_.provider, false);
  } catch (const std::exception& e) {
    // The row stays sending; its lease runs out and the next start sends it again.
    log_.error("sms dispatcher: could not record the last send of sms #%?d: %s", unsettled_->id,
               std::string(e.what()));
  }
}

void Dispatcher::idle() {
  std::chrono::milliseconds wait = kPollInterval;
  if (const auto due = outbox_.nextDueMs())
    wait = std::clamp(std::chrono::milliseconds(*due - nowMs()), std::chrono::milliseconds(0),
                      kPollInterval);
  std::unique_lock<std::mutex> lock(mutex_);
  wakeup_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
  woken_ = false;
}

bool Dispatcher::sendOne() {
  // A claim outlives the longest send (connect, write and read each bounded by the
  // timeout), so a row is reclaimed only from a dispatcher that is gone.
  const std::int64_t now = nowMs();
  const std::int64_t lease =
      now +
      std::chrono::duration_cast<std::chrono::milliseconds>(3 * settings_.sendTimeout).count() +
      5000;
  const auto row = outbox_.settleAndClaim(unsettled_, now, lease, settings_.provider);
  unsettled_.reset();  // written (a throw above keeps it for the next try)
  if (!row)
    return false;
  SmsOutcome outcome;
  try {
    outcome = provider_->send({row->id, row->recipient, row->body, settings_.senderId});
  } catch (const std::exception& e) {
    outcome = SmsOutcome::retryable(e.what());
  }
  unsettled_ = settlementOf(*row, outcome);
  return true;
}

Settlement Dispatcher::settlementOf(const OutboxRow& row, const SmsOutcome& outcome) {
  Settlement settled;
  settled.id = row.id;
  settled.attempts = row.attempts + 1;
  switch (outcome.kind) {
    case SmsOutcome::Kind::Accepted:
      settled.kind = Settlement::Kind::Sent;
      settled.providerMessageId = outcome.messageId;
      sent_.fetch_add(1, std::memory_order_relaxed);
      log_.information("sms #%?d (%s) sent to %s by %s as %s", row.id, row.event, row.recipient,
                       settings_.provider, outcome.messageId);
      break;
    case SmsOutcome::Kind::Permanent:
      settled.kind = Settlement::Kind::Failed;
      settled.error = outcome.reason;
      failed_.fetch_add(1, std::memory_order_relaxed);
      log_.error("sms #%?d (%s) to %s failed for good: %s", row.id, row.event, row.recipient,
                 outcome.reason);
      break;
    case SmsOutcome::Kind::Retryable:
      if (settled.attempts >= settings_.maxAttempts) {
        settled.kind = Settlement::Kind::Failed;
        settled.error =
            "gave up after " + std::to_string(settled.attempts) + " attempts: " + outcome.reason;
        failed_.fetch_add(1, std::memory_order_relaxed);
        log_.error("sms #%?d (%s) to %s failed after %d attempts: %s", row.id, row.event,
                   row.recipient, settled.attempts, outcome.reason);
        break;
      }
      const auto delay = retries_.delayAfter(
          settled.attempts, std::uniform_real_distribution<double>(0.0, 1.0)(random_));
      settled.kind = Settlement::Kind::Retry;
      retried_.fetch_add(1, std::memory_order_relaxed);
      settled.nextAttemptMs = nowMs() + delay.count();
      settled.error = outcome.reason;
      log_.warning("sms #%?d (%s) to %s: attempt %d failed (%s); next in %?d ms", row.id, row.event,
                   row.recipient, settled.attempts, outcome.reason,
                   static_cast<std::int64_t>(delay.count()));
      break;
  }
  return settled;
}

}  // namespace duka::sms
