// HttpServer: duka's HTTP front. Workers wait on one epoll set for whichever client has sent
// something or can take more of its answer; a connection holds a worker only while one of
// its requests is served, so idle and slow clients (slow heads, bodies and readers) cost a
// slot and bounded buffers, not a thread (docs/design/http-front.md).
#pragma once

#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "config/host_config.hpp"
#include "http/dispatch/serving_state.hpp"
#include "http/transport/connection_table.hpp"
#include "http/transport/edge_responder.hpp"
#include "http/transport/request_exchange.hpp"

namespace duka::host {

class HttpServer {
 public:
  // states' current origin rules name the trusted proxies, which are not capped per client.
  HttpServer(const ServerConfig& config, RequestHandler& handler, const EdgeResponder& edge,
             const ServingStates& states);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // start binds and listens, or, given a listening socket systemd passed (listenFd >= 0,
  // socket activation), serves on it; a bind failure throws naming the address.
  void start(int listenFd = -1);
  // setLimits applies a reloaded [server] section's limits to what arrives from now on:
  // the timeouts, max_body_bytes and max_connections_per_client (the address, port, queue,
  // threads and max_connections stay as started).
  void setLimits(const ServerConfig& config);
  // workersAnswer tells whether a worker took the previous probe, and sends the next one
  // through the workers' event set (the watchdog asks once per period): false means every
  // worker stayed busy for a whole period.
  bool workersAnswer();
  Poco::UInt16 port() const;
  // drain stops accepting and closes idle keep-alive connections; for up to grace, the
  // requests of connections already accepted are served (each connection closes after its
  // answer); then it cuts what is left and stops the workers.
  void drain(std::chrono::milliseconds grace);

 private:
  using Clock = ClientConnection::Clock;

  void work();
  void accept();
  // trustedProxy: address is one of the current generation's trusted_proxies.
  bool trustedProxy(const Poco::Net::IPAddress& address) const;
  void refuse(Poco::Net::StreamSocket socket, BufferedSocketImpl& impl);
  // serve reads what arrived and serves the requests it completes (read events).
  void serve(ClientConnection& connection);
  // write sends more of an answer the client was slow to read (write events).
  void write(ClientConnection& connection);
  // process serves the requests whose bytes are pending, then parks the connection.
  void process(ClientConnection& connection, bool ended, bool served);
  // readBody reads and takes the incoming request's body; true when the request is ready,
  // false when the connection was parked (the body is still arriving) or closed.
  bool readBody(ClientConnection& connection);
  // sendAnswer sends what the client takes of the queued answer. True when all of it went
  // and the connection goes on; else the connection is parked until the client reads more
  // (or, when thenLinger is set and all went, lingers), or closed.
  bool sendAnswer(ClientConnection& connection, bool thenLinger);
  void linger(ClientConnection& connection);
  // stayForNextRequest waits briefly on a connection just answered for its next request;
  // true when something arrived: bytes, or the end of the stream (then ended is set).
  bool stayForNextRequest(ClientConnection& connection, bool& ended);
  void startLingering(ClientConnection& connection);
  // wait parks a connection and arms its fd for the next arrival.
  void wait(ClientConnection& connection, ConnectionState state, Clock::time_point deadline);
  void arm(int fd, std::uint64_t key, bool add, std::uint32_t events);
  void expireLoop();
  void expire(ClientConnection& connection);

  ServerConfig config_;
  std::atomic<int> headerTimeoutS_;
  std::atomic<int> requestTimeoutS_;
  std::atomic<int> keepaliveTimeoutS_;
  RequestExchange exchange_;
  const EdgeResponder& edge_;
  const ServingStates& states_;
  ConnectionTable table_;
  Poco::Net::ServerSocket listener_;
  int epoll_ = -1;
  int wake_ = -1;   // eventfd: readable when the workers must stop
  int probe_ = -1;  // eventfd: the watchdog's probe of the workers
  std::atomic<bool> probeAnswered_{true};
  std::atomic<bool> draining_{false};
  std::atomic<int> waiting_{0};  // workers waiting on the epoll set
  std::vector<std::thread> workers_;
  std::thread timer_;
  std::mutex timerMutex_;
  std::condition_variable timerWake_;
  bool timerStop_ = false;
  bool started_ = false;
};

// raiseOpenFilesLimit lifts the soft RLIMIT_NOFILE to the hard limit; it answers the limit
// now in force.
std::uint64_t raiseOpenFilesLimit();

}  // namespace duka::host
