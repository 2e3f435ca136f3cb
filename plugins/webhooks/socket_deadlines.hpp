// SocketDeadlines: one thread that ends a delivery attempt's exchange at its deadline, however
// the peer paces it. A socket's own timeouts bound each read and write; a peer that sends its
// head, or its TLS handshake, a byte at a time stays within every one of them. At the deadline
// the thread shuts the watched socket down, so the blocked read returns and the attempt ends
// ("timed out").
//     SocketDeadlines::Watch watch = deadlines.watch(socket, deadline);  // after the socket
//     ... the exchange ...; watch.fired() tells whether the deadline ended it
// A Watch must be destroyed before its socket is closed (declare it after the socket): the
// thread touches only sockets whose watch is alive.
#pragma once

#include <Poco/Net/Socket.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace duka::webhooks {

class SocketDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  SocketDeadlines();
  ~SocketDeadlines();
  SocketDeadlines(const SocketDeadlines&) = delete;
  SocketDeadlines& operator=(const SocketDeadlines&) = delete;

  class Watch {
   public:
    Watch(SocketDeadlines& owner, std::uint64_t id) : owner_(&owner), id_(id) {}
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    bool fired() const;

   private:
    SocketDeadlines* owner_;
    std::uint64_t id_;
  };

  Watch watch(const Poco::Net::Socket& socket, Clock::time_point deadline);

 private:
  struct Watched {
    int fd;  // the socket's descriptor (Linux)
    Clock::time_point deadline;
    bool fired = false;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, Watched> watched_;
  std::uint64_t next_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::webhooks
