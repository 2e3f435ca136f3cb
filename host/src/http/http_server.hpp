// HttpServer: duka's HTTP front. Workers wait on one epoll set for whichever client has sent
// something; a connection holds a worker only while one of its requests is served, so idle
// and slow clients cost a slot, not a thread (docs/design/http-front.md).
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
#include "http/connection_table.hpp"
#include "http/edge_responder.hpp"
#include "http/request_exchange.hpp"

namespace duka::host {

class HttpServer {
 public:
  HttpServer(const ServerConfig& config, RequestHandler& handler, const EdgeResponder& edge);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // start binds and listens; a bind failure throws naming the address.
  void start();
  Poco::UInt16 port() const;
  // drain stops accepting and closes waiting connections, lets requests being served
  // finish (their connections close after the answer) for up to grace, then cuts what is
  // left and stops the workers.
  void drain(std::chrono::milliseconds grace);

 private:
  using Clock = ClientConnection::Clock;

  void work();
  void accept();
  void serve(ClientConnection& connection);
  void linger(ClientConnection& connection);
  // stayForNextRequest waits briefly on a connection just answered for its next request;
  // true when something arrived: bytes, or the end of the stream (then ended is set).
  bool stayForNextRequest(ClientConnection& connection, bool& ended);
  void startLingering(ClientConnection& connection);
  // wait parks a connection and arms its fd for the next arrival.
  void wait(ClientConnection& connection, ConnectionState state, Clock::time_point deadline);
  void arm(int fd, std::uint64_t key, bool add);
  void expireLoop();
  void expire(ClientConnection& connection);

  ServerConfig config_;
  RequestExchange exchange_;
  const EdgeResponder& edge_;
  ConnectionTable table_;
  Poco::Net::ServerSocket listener_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: readable when the workers must stop
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
