// BatchedLogChannel: a Poco channel that appends each line to a buffer and writes the
// buffer to a file descriptor in batches from one background thread, so that a busy server
// pays one write(2) per batch instead of one flushed write per log line.
#pragma once

#include <Poco/Channel.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace duka::host {

class BatchedLogChannel : public Poco::Channel {
 public:
  struct Options {
    // interval is the longest a line waits in the buffer.
    std::chrono::milliseconds interval{100};
    // maxBuffered bounds memory: a logger blocks while this much is waiting to be written
    // (a stalled stderr reader slows the server down rather than growing it without limit).
    std::size_t maxBuffered = 4u << 20;
  };

  explicit BatchedLogChannel(int fd);
  BatchedLogChannel(int fd, Options options);

  // open starts the writer thread. Until then, and after close, log writes synchronously.
  void open() override;
  // close writes everything buffered and stops the writer thread.
  void close() override;
  // log appends the message text and a newline. A warning or worse wakes the writer at once.
  void log(const Poco::Message& message) override;
  // flush writes everything buffered before it returns.
  void flush();

 protected:
  ~BatchedLogChannel() override;

 private:
  void run();
  void writeBuffered();
  void writeAll(const std::string& bytes);

  const int fd_;
  const Options options_;
  std::mutex writeMutex_;  // held while a batch is written, so batches keep their order
  std::string batch_;      // the batch being written; guarded by writeMutex_
  std::mutex mutex_;       // guards everything below
  std::condition_variable wake_;
  std::condition_variable drained_;
  std::string buffer_;
  bool urgent_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace duka::host
