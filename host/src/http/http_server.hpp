// HttpServer: Poco's HTTPServer with duka's threads, queue, keep-alive and timeouts, and a
// graceful drain for shutdown.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>

#include "config/host_config.hpp"

namespace duka::host {

class HttpServer {
 public:
  HttpServer(const ServerConfig& config, Poco::Net::HTTPRequestHandlerFactory::Ptr factory);
  ~HttpServer();

  // start binds and listens; a bind failure throws naming the address.
  void start();
  Poco::UInt16 port() const;
  // drain stops accepting, lets in-flight requests finish (keep-alive connections close
  // after their current request) for up to grace, then aborts what is left.
  void drain(Poco::Timespan grace);

 private:
  ServerConfig config_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  // threads_ serves connections; Poco's default pool would cap them at 16.
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace duka::host
