// BackgroundTasks: the host's threads for PluginContext::every: nothing runs before start,
// a task runs at start and then every period, never two runs of one task at once, a throw
// is logged once while it lasts, and stop wakes a waiting task and waits for a running one.
#include "plugins/background_tasks.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Message.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace duka::host {
namespace {

using namespace std::chrono_literals;

// Lines keeps what a logger wrote.
class Lines : public Poco::Channel {
 public:
  void log(const Poco::Message& message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(message.getText());
  }
  std::vector<std::string> all() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class BackgroundTasksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.setChannel(lines_);
    log_.setLevel(Poco::Message::PRIO_INFORMATION);
  }
  template <class F>
  static bool waitFor(F done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    return done();
  }

  Poco::AutoPtr<Lines> lines_{new Lines};
  Poco::Logger& log_ = Poco::Logger::get("test.background_tasks");
};

TEST_F(BackgroundTasksTest, RunsFromStartThenEveryPeriodAndStopsAtStop) {
  BackgroundTasks tasks("acme", nullptr, log_);
  std::atomic<int> runs{0};
  tasks.add(20ms, "tick", [&](std::stop_token) { ++runs; });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, 0) << "before start";
  tasks.start();
  EXPECT_TRUE(waitFor([&] { return runs >= 3; }));
  tasks.stop();
  const int stopped = runs;
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(runs, stopped) << "after stop";
}

TEST_F(BackgroundTasksTest, StopWakesAWaitingTaskAndWaitsForARunningOne) {
  BackgroundTasks tasks("acme", nullptr, log_);
  std::atomic<int> runs{0};
  tasks.add(1h, "hourly", [&](std::stop_token) { ++runs; });
  std::atomic<bool> inside{false}, sawStop{false}, finished{false};
  tasks.add(1h, "long", [&](std::stop_token stop) {
    inside = true;
    while (!stop.stop_requested())
      std::this_thread::sleep_for(1ms);
    sawStop = true;
    std::this_thread::sleep_for(30ms);
    finished = true;
  });
  tasks.start();
  ASSERT_TRUE(waitFor([&] { return runs == 1 && inside; }));
  const auto before = std::chrono::steady_clock::now();
  tasks.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s) << "a period of an hour ended at stop";
  EXPECT_TRUE(sawStop);
  EXPECT_TRUE(finished) << "stop returned while a run was in progress";
}

TEST_F(BackgroundTasksTest, AThrowIsLoggedOnceWhileItLastsAndTheTaskRunsAgain) {
  BackgroundTasks tasks("acme", nullptr, log_);
  std::atomic<int> runs{0};
  tasks.add(5ms, "flaky", [&](std::stop_token) {
    if (++runs <= 5)
      throw std::runtime_error("the database is away");
  });
  tasks.start();
  ASSERT_TRUE(waitFor([&] { return runs >= 7; }));
  tasks.stop();
  const auto lines = lines_->all();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "flaky failed (trying again every 5 ms): the database is away");
  EXPECT_EQ(lines[1], "flaky works again");
}

TEST_F(BackgroundTasksTest, ATaskAddedAfterStartRunsAtOnceAndAPeriodMustBePositive) {
  BackgroundTasks tasks("acme", nullptr, log_);
  tasks.start();
  std::atomic<int> runs{0};
  tasks.add(1h, "late", [&](std::stop_token) { ++runs; });
  EXPECT_TRUE(waitFor([&] { return runs == 1; }));
  EXPECT_THROW(tasks.add(0ms, "never", [](std::stop_token) {}), std::invalid_argument);
}

}  // namespace
}  // namespace duka::host
