#include "logging/batched_log_channel.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Message.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace duka::host {
namespace {

using namespace std::chrono_literals;

// Pipe collects what the channel writes, read by a background thread so that the
// channel never blocks on a full pipe.
class Pipe {
 public:
  Pipe() {
    int fds[2];
    if (::pipe(fds) != 0)
      throw std::runtime_error("pipe failed");
    readFd_ = fds[0];
    writeFd_ = fds[1];
    reader_ = std::thread([this] {
      char buffer[4096];
      for (;;) {
        const ssize_t n = ::read(readFd_, buffer, sizeof buffer);
        if (n <= 0)
          return;
        std::lock_guard lock(mutex_);
        text_.append(buffer, static_cast<std::size_t>(n));
      }
    });
  }
  ~Pipe() {
    closeWriter();
    reader_.join();
    ::close(readFd_);
  }
  int writeFd() const { return writeFd_; }
  void closeWriter() {
    if (writeFd_ >= 0)
      ::close(writeFd_);
    writeFd_ = -1;
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }
  // waitFor polls until the collected text contains needle or the timeout passes.
  bool waitFor(const std::string& needle, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (text().find(needle) != std::string::npos)
        return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }
  // drain waits until the reader has seen everything written so far.
  std::string drain() {
    closeWriter();
    reader_.join();
    reader_ = std::thread([] {});
    return text();
  }

 private:
  int readFd_ = -1;
  int writeFd_ = -1;
  std::mutex mutex_;
  std::string text_;
  std::thread reader_;
};

Poco::Message message(const std::string& text,
                      Poco::Message::Priority priority = Poco::Message::PRIO_INFORMATION) {
  return Poco::Message("test", text, priority);
}

TEST(BatchedLogChannel, HoldsLinesUntilTheIntervalOrAFlushAndKeepsTheirOrder) {
  Pipe pipe;
  Poco::AutoPtr<BatchedLogChannel> channel(
      new BatchedLogChannel(pipe.writeFd(), {.interval = std::chrono::hours(1)}));
  channel->open();
  channel->log(message("first"));
  channel->log(message("second"));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pipe.text(), "");
  channel->flush();
  channel->log(message("third"));
  channel->close();
  EXPECT_EQ(pipe.drain(), "first\nsecond\nthird\n");
}

TEST(BatchedLogChannel, WritesWithinTheInterval) {
  Pipe pipe;
  Poco::AutoPtr<BatchedLogChannel> channel(
      new BatchedLogChannel(pipe.writeFd(), {.interval = 20ms}));
  channel->open();
  channel->log(message("soon"));
  EXPECT_TRUE(pipe.waitFor("soon\n"));
  channel->close();
}

TEST(BatchedLogChannel, AWarningIsWrittenAtOnce) {
  Pipe pipe;
  Poco::AutoPtr<BatchedLogChannel> channel(
      new BatchedLogChannel(pipe.writeFd(), {.interval = std::chrono::hours(1)}));
  channel->open();
  channel->log(message("routine"));
  channel->log(message("trouble", Poco::Message::PRIO_WARNING));
  EXPECT_TRUE(pipe.waitFor("routine\ntrouble\n"));
  channel->close();
}

TEST(BatchedLogChannel, WritesSynchronouslyBeforeOpenAndAfterClose) {
  Pipe pipe;
  Poco::AutoPtr<BatchedLogChannel> channel(new BatchedLogChannel(pipe.writeFd()));
  channel->log(message("before"));
  EXPECT_TRUE(pipe.waitFor("before\n", 1s));
  channel->open();
  channel->close();
  channel->log(message("after"));
  EXPECT_EQ(pipe.drain(), "before\nafter\n");
}

TEST(BatchedLogChannel, ManyThreadsLoseNoLineAndNeverSplitOne) {
  Pipe pipe;
  // A small bound makes the loggers wait for the writer now and then.
  Poco::AutoPtr<BatchedLogChannel> channel(
      new BatchedLogChannel(pipe.writeFd(), {.interval = 1ms, .maxBuffered = 1024}));
  channel->open();
  constexpr int kThreads = 8, kLines = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kLines; ++i)
        channel->log(message("thread " + std::to_string(t) + " line " + std::to_string(i)));
    });
  }
  for (auto& thread : threads)
    thread.join();
  channel->close();
  std::istringstream lines(pipe.drain());
  std::map<int, int> next;  // thread -> the next line number expected from it
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "thread %d line %d", &t, &i), 2) << line;
    EXPECT_EQ(i, next[t]++) << "thread " << t << " out of order";
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

}  // namespace
}  // namespace duka::host
