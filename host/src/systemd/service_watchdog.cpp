#include "systemd/service_watchdog.hpp"

#include <Poco/Logger.h>
#include <pthread.h>

#include "systemd/service_notifier.hpp"

namespace duka::host {

ServiceWatchdog::ServiceWatchdog(std::chrono::microseconds interval, std::function<bool()> healthy)
    : healthy_(std::move(healthy)) {
  if (interval.count() > 0)
    thread_ = std::thread([this, period = interval / 2] { run(period); });
}

ServiceWatchdog::~ServiceWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void ServiceWatchdog::run(std::chrono::microseconds period) {
  pthread_setname_np(pthread_self(), "duka-watchdog");
  Poco::Logger& log = Poco::Logger::get("duka");
  bool wasHealthy = true;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    const bool healthy = healthy_();
    if (healthy)
      notifySystemd("WATCHDOG=1");
    else if (wasHealthy)
      log.error("the watchdog ping is held back: the workers or the database do not answer");
    wasHealthy = healthy;
    lock.lock();
  }
}

}  // namespace duka::host
