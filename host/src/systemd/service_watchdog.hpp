// ServiceWatchdog: WATCHDOG=1 to the service manager at half of WatchdogSec, sent only while
// duka can serve: a worker took the last probe (the pool is not stuck) and the database
// answers. When they stop, the pings stop and systemd restarts duka.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace duka::host {

class ServiceWatchdog {
 public:
  // healthy is asked once per ping; interval zero starts nothing.
  ServiceWatchdog(std::chrono::microseconds interval, std::function<bool()> healthy);
  ~ServiceWatchdog();
  ServiceWatchdog(const ServiceWatchdog&) = delete;
  ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

 private:
  void run(std::chrono::microseconds period);

  std::function<bool()> healthy_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::host
