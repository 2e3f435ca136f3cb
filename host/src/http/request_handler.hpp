// RequestHandler: one HTTP request from arrival to answer: request id, routing, body
// checks, access control, the handler, errors as problem+json, metrics and access log.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>

#include "duka/principal.hpp"
#include "http/metrics_registry.hpp"
#include "http/route_table.hpp"

namespace duka::host {

struct RequestHandlerConfig {
  std::size_t maxBodyBytes = 1048576;
  bool accessLog = true;
};

// IdentityServices are the plugin services that turn a bearer token into a principal:
// the authenticator (nullptr: every non-public route answers 401) and the customer links
// that fill Principal::customerId (nullptr: it stays as the authenticator left it).
struct IdentityServices {
  std::shared_ptr<const Authenticator> authenticator;
  std::shared_ptr<const CustomerLinks> customerLinks;
};

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const RouteTable& routes, MetricsRegistry& metrics,
                 const IdentityServices& identity, const RequestHandlerConfig& config);
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  const RouteTable& routes_;
  MetricsRegistry& metrics_;
  const IdentityServices& identity_;
  const RequestHandlerConfig& config_;
};

class RequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(const RouteTable& routes, MetricsRegistry& metrics,
                        IdentityServices identity, RequestHandlerConfig config);
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override;

 private:
  const RouteTable& routes_;
  MetricsRegistry& metrics_;
  IdentityServices identity_;
  RequestHandlerConfig config_;
};

// makeRequestId returns the client's X-Request-Id when it is a sane token (1-128 visible
// ASCII characters), else a new random 32-hex-digit id.
std::string makeRequestId(const std::string& fromClient);

}  // namespace duka::host
