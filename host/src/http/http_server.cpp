#include "http/http_server.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Thread.h>

#include <stdexcept>

#include "http/polling_server_socket.hpp"

namespace duka::host {

HttpServer::HttpServer(const ServerConfig& config,
                       Poco::Net::HTTPRequestHandlerFactory::Ptr factory)
    : config_(config), factory_(std::move(factory)) {}

HttpServer::~HttpServer() {
  if (server_)
    drain(Poco::Timespan(0, 0));
}

void HttpServer::start() {
  PollingServerSocket socket;  // one poll(2) per keep-alive wait, not four epoll calls
  try {
    socket.bind(Poco::Net::SocketAddress(config_.address, static_cast<Poco::UInt16>(config_.port)),
                true);
    socket.listen(config_.queue);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on " + config_.address + ":" +
                             std::to_string(config_.port) + ": " + e.displayText());
  }

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(config_.threads);
  params->setMaxQueued(config_.queue);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(config_.keepaliveTimeoutS, 0));
  params->setMaxKeepAliveRequests(0);  // unlimited requests per connection
  params->setTimeout(Poco::Timespan(config_.requestTimeoutS, 0));
  params->setServerName("duka");

  threads_ = std::make_unique<Poco::ThreadPool>(2, config_.threads, 60);
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory_, *threads_, socket, params);
  server_->start();
}

Poco::UInt16 HttpServer::port() const {
  return server_ ? server_->port() : 0;
}

void HttpServer::drain(Poco::Timespan grace) {
  if (!server_)
    return;
  server_->stopAll(false);
  const Poco::Timestamp started;
  while (server_->currentConnections() > 0 && !started.isElapsed(grace.totalMicroseconds())) {
    Poco::Thread::sleep(20);
  }
  if (server_->currentConnections() > 0)
    server_->stopAll(true);
  threads_->joinAll();
  server_.reset();
  threads_.reset();
}

}  // namespace duka::host
