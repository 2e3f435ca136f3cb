// ConnectionTable: the open client connections, what each waits for and until when.
// Workers and the timer thread claim a connection before they touch it; a claim names the
// slot and its generation, so an event or a deadline of a connection that has since closed
// (and whose slot or fd was reused) is recognised and dropped.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "http/buffered_socket_impl.hpp"

namespace duka::host {

// ConnectionState is what a connection waits for. Each waiting state has its own timeout,
// so its connections line up in deadline order.
enum class ConnectionState {
  Fresh,      // accepted, nothing received yet (header_timeout_s)
  Idle,       // between requests (keepalive_timeout_s)
  Head,       // part of a request head received (header_timeout_s from its first byte)
  Lingering,  // answered and closing: what the client still sends is discarded (2 s)
  Claimed,    // a worker or the timer has it
};
constexpr std::size_t kWaitingStates = 4;

struct ClientConnection {
  using Clock = BufferedSocketImpl::Clock;
  using Hook = boost::intrusive::list_member_hook<>;

  ClientConnection(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl)
      : socket(std::move(socket)), impl(impl) {}

  Poco::Net::StreamSocket socket;  // owns impl
  BufferedSocketImpl* impl;
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
  ConnectionState state = ConnectionState::Fresh;
  ConnectionState waited = ConnectionState::Fresh;  // the state it was last claimed from
  bool watched = false;                             // its fd is in the epoll set
  Clock::time_point deadline;
  Clock::time_point headStarted;  // first byte of the head being received
  Clock::time_point idleSince;    // parked idle after its last answer
  bool quick = false;             // its last next request came within a millisecond
  bool refused = false;           // over max_connections: lingers until its 503 is read
  Hook hook;

  std::uint64_t key() const { return (std::uint64_t{slot} << 32) | generation; }
  int fd() const { return impl->sockfd(); }
};

class ConnectionTable {
 public:
  using Clock = ClientConnection::Clock;

  explicit ConnectionTable(std::size_t maxConnections);
  ~ConnectionTable();

  // add records an accepted socket, claimed by the caller; nullptr when max_connections are
  // open (the caller refuses the socket). refusing: the socket is being refused and only
  // lingers until its 503 is read; up to kRefusalSlots of those are kept, outside the
  // limit.
  ClientConnection* add(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl,
                        bool refusing = false);
  static constexpr std::size_t kRefusalSlots = 1024;
  // claim takes the connection with this key if it is still open and waiting.
  ClientConnection* claim(std::uint64_t key);
  // park sets a claimed connection waiting in state until deadline, and runs arm (which
  // arms its fd for the next arrival) before another thread can claim or close it.
  void park(ClientConnection& connection, ConnectionState state, Clock::time_point deadline,
            const std::function<void()>& arm);
  // close closes a claimed connection's socket and frees its slot.
  void close(ClientConnection& connection);
  // expired claims every waiting connection whose deadline is before now.
  std::vector<ClientConnection*> expired(Clock::time_point now);
  // claimAllWaiting claims every waiting connection (shutdown); busy ones stay busy.
  std::vector<ClientConnection*> claimAllWaiting();
  // shutdownClaimed shuts down the sockets of the connections workers hold, so that their
  // reads and writes fail at once (the end of a drain's grace).
  void shutdownClaimed();

  std::size_t open() const;
  std::size_t claimed() const;

 private:
  using List =
      boost::intrusive::list<ClientConnection,
                             boost::intrusive::member_hook<ClientConnection, ClientConnection::Hook,
                                                           &ClientConnection::hook>>;

  void unlink(ClientConnection& connection);

  mutable std::mutex mutex_;
  std::size_t maxConnections_;
  std::vector<std::unique_ptr<ClientConnection>> slots_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint32_t> generations_;
  List waiting_[kWaitingStates];
  std::size_t open_ = 0;
  std::size_t refused_ = 0;  // of open_: refused connections lingering
  std::size_t claimed_ = 0;
};

}  // namespace duka::host
