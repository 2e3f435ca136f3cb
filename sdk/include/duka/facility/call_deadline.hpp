// duka/facility/call_deadline.hpp (SDK 1.2): a whole outgoing call's deadline, for a plugin
// that speaks to a peer on a socket of its own (HttpClient already has one). Poco's timeouts
// bound each read and write, so a peer that trickles a byte at a time could stretch a call
// without end; a CallDeadline shuts the call's socket down once the deadline passes, and the
// blocked read or write fails at once:
//     Poco::Net::StreamSocket socket;  socket.connect(address, timeout);
//     const CallDeadline deadline(socket, CallDeadline::Clock::now() + timeout);
//     ... the exchange ...  // on an exception, deadline.passed() tells a timeout apart
// One reaper thread, shared by every call in the process, watches all deadlines.
#pragma once

#include <Poco/Net/Socket.h>

#include <chrono>
#include <cstdint>

namespace duka {

class CallDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  // CallDeadline watches socket until at; the socket must outlive this object.
  CallDeadline(const Poco::Net::Socket& socket, Clock::time_point at);
  ~CallDeadline();
  CallDeadline(const CallDeadline&) = delete;
  CallDeadline& operator=(const CallDeadline&) = delete;

  // passed: the deadline came and the socket was shut down.
  bool passed() const;

 private:
  std::uint64_t id_;
};

}  // namespace duka
