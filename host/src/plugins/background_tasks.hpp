// BackgroundTasks: one plugin's periodic work (PluginContext::every), on threads the host
// owns. Tasks start once every plugin has started, run one at a time each (a run never
// overlaps the same task's previous one), and stop before the plugin's stop(): the stop
// token is set, a waiting task wakes, a running one finishes its run.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace duka::host {

class BackgroundTasks {
 public:
  using Task = std::function<void(std::stop_token)>;

  // owner keeps the plugin's library loaded while a task's code may run.
  BackgroundTasks(std::string plugin, std::shared_ptr<void> owner, Poco::Logger& log);
  ~BackgroundTasks();  // stop()
  BackgroundTasks(const BackgroundTasks&) = delete;
  BackgroundTasks& operator=(const BackgroundTasks&) = delete;

  // add declares a task: run every period (the first run at start()), named in logs and in
  // the thread's name. After start() it runs at once.
  void add(std::chrono::milliseconds period, std::string name, Task task);
  void start();
  // stop asks every task to stop and waits for the runs in progress.
  void stop();

 private:
  struct Declared {
    std::chrono::milliseconds period;
    std::string name;
    Task task;
  };
  void launch(Declared& declared);
  void run(const Declared& declared, std::stop_token stop);

  std::string plugin_;
  std::shared_ptr<void> owner_;
  Poco::Logger& log_;
  std::vector<std::unique_ptr<Declared>> tasks_;
  std::vector<std::jthread> threads_;
  bool started_ = false;
};

}  // namespace duka::host
