#include "plugins/background_tasks.hpp"

#include <pthread.h>

#include <condition_variable>
#include <exception>
#include <mutex>

namespace duka::host {

BackgroundTasks::BackgroundTasks(std::string plugin, std::shared_ptr<void> owner, Poco::Logger& log)
    : plugin_(std::move(plugin)), owner_(std::move(owner)), log_(log) {}

BackgroundTasks::~BackgroundTasks() {
  stop();
}

void BackgroundTasks::add(std::chrono::milliseconds period, std::string name, Task task) {
  if (period <= std::chrono::milliseconds::zero())
    throw std::invalid_argument("every: the period of '" + name + "' must be positive");
  tasks_.push_back(std::make_unique<Declared>(Declared{period, std::move(name), std::move(task)}));
  if (started_)
    launch(*tasks_.back());
}

void BackgroundTasks::start() {
  if (started_)
    return;
  started_ = true;
  for (auto& declared : tasks_)
    launch(*declared);
}

void BackgroundTasks::launch(Declared& declared) {
  threads_.emplace_back([this, &declared](std::stop_token stop) { run(declared, stop); });
}

void BackgroundTasks::stop() {
  for (auto& thread : threads_)
    thread.request_stop();
  threads_.clear();  // joins each
  started_ = false;
}

void BackgroundTasks::run(const Declared& declared, std::stop_token stop) {
  // top -H and perf show "<plugin>:<task>" (15 bytes at most).
  pthread_setname_np(pthread_self(), (plugin_ + ":" + declared.name).substr(0, 15).c_str());
  std::mutex mutex;
  std::condition_variable_any wake;
  bool failing = false;
  while (!stop.stop_requested()) {
    try {
      declared.task(stop);
      if (failing)
        log_.information("%s works again", declared.name);
      failing = false;
    } catch (const std::exception& e) {
      // Logged once while it lasts; the next period tries again.
      if (!failing) {
        log_.error("%s failed (trying again every %?d ms): %s", declared.name,
                   static_cast<std::int64_t>(declared.period.count()), std::string(e.what()));
      }
      failing = true;
    }
    std::unique_lock<std::mutex> lock(mutex);
    wake.wait_for(lock, stop, declared.period, [] { return false; });
  }
}

}  // namespace duka::host
