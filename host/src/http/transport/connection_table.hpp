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
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "duka/http.hpp"
#include "http/transport/buffered_socket_impl.hpp"
#include "http/transport/request_framing.hpp"

namespace duka::host {

// ConnectionState is what a connection waits for. Each waiting state has its own timeout,
// so its connections line up in deadline order.
enum class ConnectionState {
  Fresh,      // accepted, nothing received yet (header_timeout_s)
  Idle,       // between requests (keepalive_timeout_s)
  Head,       // part of a request head received (header_timeout_s from its first byte)
  Body,       // head whole, body arriving (request_timeout_s from the head's end)
  Writing,    // an answer waits for the client to read it (request_timeout_s in all)
  Lingering,  // answered and closing: what the client still sends is discarded (2 s)
  Claimed,    // a worker or the timer has it
};
constexpr std::size_t kWaitingStates = 6;

// IncomingRequest is a request whose head is whole, while its body arrives: the head stays
// at the front of the connection's pending bytes, the body goes to framing.
struct IncomingRequest {
  using Clock = BufferedSocketImpl::Clock;

  explicit IncomingRequest(std::size_t maxBodyBytes) : framing(maxBodyBytes) {}

  RequestFraming framing;
  std::size_t headLength = 0;
  Clock::time_point deadline;      // the whole body by then (request_timeout_s), else 408
  std::optional<HttpError> error;  // reading stopped: 400, 413 or 431
  bool continueSent = false;       // "100 Continue" was queued
};

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
  std::string client;             // the peer's address bytes; empty: not capped per client
  std::unique_ptr<IncomingRequest> incoming;  // a request being read
  bool lingerAfterWrite = false;              // the answer being written ends the connection
  Hook hook;

  std::uint64_t key() const { return (std::uint64_t{slot} << 32) | generation; }
  int fd() const { return impl->sockfd(); }
};

class ConnectionTable {
 public:
  using Clock = ClientConnection::Clock;

  ~ConnectionTable();

  ConnectionTable(std::size_t maxConnections, std::size_t maxPerClient);
  // setMaxPerClient changes max_connections_per_client for connections accepted from now on.
  void setMaxPerClient(std::size_t maxPerClient);

  // add records an accepted socket from client (its address bytes; empty: exempt from the
  // per-client cap), claimed by the caller. At max_connections the connection waiting
  // longest between requests (idle, else fresh) makes room: it is claimed and handed back
  // in evicted for the caller to close. nullptr when no connection could make room, or
  // when client has max_connections_per_client open: the caller refuses the socket.
  ClientConnection* add(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl,
                        const std::string& client, ClientConnection*& evicted);
  // addRefused records a socket being refused, which only lingers until its 503 is read; up
  // to kRefusalSlots of those are kept, outside the limits (nullptr beyond).
  ClientConnection* addRefused(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl);
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
  // claimWaiting claims every connection waiting in one of states (shutdown); busy ones
  // stay busy.
  std::vector<ClientConnection*> claimWaiting(std::initializer_list<ConnectionState> states);
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
  ClientConnection* insert(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl,
                           const std::string& client, bool refused);

  mutable std::mutex mutex_;
  std::size_t maxConnections_;
  std::size_t maxPerClient_;
  std::unordered_map<std::string, std::uint32_t> perClient_;
  std::vector<std::unique_ptr<ClientConnection>> slots_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint32_t> generations_;
  List waiting_[kWaitingStates];
  std::size_t open_ = 0;
  std::size_t refused_ = 0;  // of open_: refused connections lingering
  std::size_t claimed_ = 0;
};

}  // namespace duka::host
