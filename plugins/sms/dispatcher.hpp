// Dispatcher: the one thread that sends the outbox. It claims one due row at a time,
// sends it through the provider outside any transaction, and settles it: sent, queued
// again after a backoff (RetrySchedule), or failed after max_attempts or a permanent
// failure. It wakes when a message was committed and polls every second for retries and
// for rows another instance left behind. stop() lets the send in flight finish.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <duka/sms.hpp>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "outbox_repository.hpp"
#include "retry_schedule.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class Dispatcher {
 public:
  Dispatcher(OutboxRepository& outbox, std::shared_ptr<SmsProvider> provider,
             const SmsSettings& settings, Poco::Logger& log);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // wake makes the thread look for due rows now (a message was just committed).
  void wake();
  // stop waits for the send in flight, if any, and joins the thread.
  void stop();
  // pending is the number of queued or sending rows the thread last counted.
  std::int64_t pending() const { return pending_.load(); }

 private:
  void run();
  // sendOne claims and sends one due row; false when none was due.
  bool sendOne();
  void settle(const OutboxRow& row, const SmsOutcome& outcome);
  void idle();

  OutboxRepository& outbox_;
  std::shared_ptr<SmsProvider> provider_;
  SmsSettings settings_;
  RetrySchedule retries_;
  Poco::Logger& log_;
  std::mt19937_64 random_;
  std::atomic<std::int64_t> pending_{0};

  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

// nowMs is the wall clock in milliseconds since the epoch, as the outbox stores times.
std::int64_t nowMs();

}  // namespace duka::sms
