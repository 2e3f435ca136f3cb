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

Dispatcher::Dispatcher(OutboxRepository& outbox, std::shared_ptr<SmsProvider> provider,
                       const SmsSettings& settings, Poco::Logger& log)
    : outbox_(outbox),
      provider_(std::move(provider)),
      settings_(settings),
      retries_(settings.retryBase, settings.retryMax),
      log_(log),
      random_(std::random_device{}()) {}

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
        return;
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
}

void Dispatcher::idle() {
  pending_ = outbox_.pending();
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
  const auto row = outbox_.claimNext(now, lease, settings_.provider);
  if (!row)
    return false;
  SmsOutcome outcome;
  try {
    outcome = provider_->send({row->id, row->recipient, row->body, settings_.senderId});
  } catch (const std::exception& e) {
    outcome = SmsOutcome::retryable(e.what());
  }
  settle(*row, outcome);
  return true;
}

void Dispatcher::settle(const OutboxRow& row, const SmsOutcome& outcome) {
  const int attempts = row.attempts + 1;
  switch (outcome.kind) {
    case SmsOutcome::Kind::Accepted:
      outbox_.markSent(row.id, attempts, outcome.messageId);
      log_.information("sms #%?d (%s) sent to %s by %s as %s", row.id, row.event, row.recipient,
                       settings_.provider, outcome.messageId);
      return;
    case SmsOutcome::Kind::Permanent:
      outbox_.markFailed(row.id, attempts, outcome.reason);
      log_.error("sms #%?d (%s) to %s failed for good: %s", row.id, row.event, row.recipient,
                 outcome.reason);
      return;
    case SmsOutcome::Kind::Retryable:
      if (attempts >= settings_.maxAttempts) {
        outbox_.markFailed(
            row.id, attempts,
            "gave up after " + std::to_string(attempts) + " attempts: " + outcome.reason);
        log_.error("sms #%?d (%s) to %s failed after %d attempts: %s", row.id, row.event,
                   row.recipient, attempts, outcome.reason);
        return;
      }
      const auto delay =
          retries_.delayAfter(attempts, std::uniform_real_distribution<double>(0.0, 1.0)(random_));
      outbox_.scheduleRetry(row.id, attempts, nowMs() + delay.count(), outcome.reason);
      log_.warning("sms #%?d (%s) to %s: attempt %d failed (%s); next in %?d ms", row.id, row.event,
                   row.recipient, attempts, outcome.reason,
                   static_cast<std::int64_t>(delay.count()));
      return;
  }
}

}  // namespace duka::sms
