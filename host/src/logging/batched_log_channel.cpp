#include "logging/batched_log_channel.hpp"

#include <Poco/Message.h>
#include <unistd.h>

#include <cerrno>

namespace duka::host {

namespace {

// A batch this large is written without waiting for the interval.
constexpr std::size_t kEagerBatchBytes = 64u << 10;

}  // namespace

BatchedLogChannel::BatchedLogChannel(int fd) : BatchedLogChannel(fd, Options{}) {}

BatchedLogChannel::BatchedLogChannel(int fd, Options options) : fd_(fd), options_(options) {}

BatchedLogChannel::~BatchedLogChannel() {
  close();
}

void BatchedLogChannel::open() {
  std::lock_guard lock(mutex_);
  if (running_)
    return;
  running_ = true;
  stopping_ = false;
  writer_ = std::thread([this] { run(); });
}

void BatchedLogChannel::close() {
  std::thread writer;
  {
    std::lock_guard lock(mutex_);
    if (!running_)
      return;
    stopping_ = true;
    writer = std::move(writer_);
  }
  wake_.notify_one();
  writer.join();
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  drained_.notify_all();
  writeBuffered();
}

void BatchedLogChannel::log(const Poco::Message& message) {
  const std::string& text = message.getText();
  std::unique_lock lock(mutex_);
  if (!running_) {
    buffer_.append(text).push_back('\n');
    lock.unlock();
    writeBuffered();
    return;
  }
  drained_.wait(lock, [&] { return buffer_.size() < options_.maxBuffered || !running_; });
  buffer_.append(text).push_back('\n');
  const bool wake =
      message.getPriority() <= Poco::Message::PRIO_WARNING || buffer_.size() >= kEagerBatchBytes;
  if (wake) {
    urgent_ = true;
    lock.unlock();
    wake_.notify_one();
  }
}

void BatchedLogChannel::flush() {
  writeBuffered();
}

void BatchedLogChannel::run() {
  for (;;) {
    bool stop;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.interval, [&] { return stopping_ || urgent_; });
      urgent_ = false;
      stop = stopping_;
    }
    writeBuffered();
    if (stop)
      return;
  }
}

void BatchedLogChannel::writeBuffered() {
  std::lock_guard writing(writeMutex_);
  {
    std::lock_guard lock(mutex_);
    batch_.swap(buffer_);  // both keep their capacity: no allocation per batch
  }
  drained_.notify_all();
  writeAll(batch_);
  batch_.clear();
}

void BatchedLogChannel::writeAll(const std::string& bytes) {
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return;  // Nowhere left to report a failing log: drop the batch rather than spin.
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace duka::host
