// Dispatcher: the one thread that sends the outbox. It claims one due row at a time,
// sends it through the provider outside any transaction, and settles it: sent, queued
// again after a backoff (RetrySchedule), or failed after max_attempts or a permanent
// failure. A send's settlement is written in the same transaction as the next claim, so a
// message costs one write, and at most the one message in flight is unsettled at any time.
// It wakes when a message was committed and polls every second for retries and for rows
// another instance left behind. stop() lets the send in flight finish and settles it.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <duka/metrics.hpp>
#include <duka/plugins/sms/sms_provider.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "outbox_repository.hpp"
#include "retry_schedule.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class Dispatcher {
 public:
  // The dispatcher counts its outcomes in duka_sms_messages_total{provider,outcome}.
  Dispatcher(OutboxRepository& outbox, std::shared_ptr<SmsProvider> provider,
             const SmsSettings& settings, Metrics& metrics, Poco::Logger& log);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // wake makes the thread look for due rows now (a message was just committed).
  void wake();
  // stop waits for the send in flight, if any, and joins the thread.
  void stop();

 private:
  void run();
  // sendOne settles the last send, claims and sends one due row; false when none was due.
  bool sendOne();
  // settlementOf decides (and logs) what the outcome of row's attempt makes of it.
  Settlement settlementOf(const OutboxRow& row, const SmsOutcome& outcome);
  void idle();

  OutboxRepository& outbox_;
  std::shared_ptr<SmsProvider> provider_;
  SmsSettings settings_;
  RetrySchedule retries_;
  Poco::Logger& log_;
  std::mt19937_64 random_;
  std::optional<Settlement> unsettled_;  // the last send's outcome, not yet written
  std::atomic<std::uint64_t>& sent_;
  std::atomic<std::uint64_t>& failed_;
  std::atomic<std::uint64_t>& retried_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

// nowMs is the wall clock in milliseconds since the epoch, as the outbox stores times.
std::int64_t nowMs();

}  // namespace duka::sms
