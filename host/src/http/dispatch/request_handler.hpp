// RequestHandler: one HTTP request from a parsed head and a read body to the answer:
// request id, origin (client address, Host, link base), routing (HEAD, OPTIONS), body
// checks, access control, the handler, CORS, errors as problem+json, metrics and the
// access log.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "duka/http.hpp"
#include "http/dispatch/idempotency_keys.hpp"
#include "http/dispatch/request_head.hpp"
#include "http/dispatch/serving_state.hpp"
#include "http/metrics/metrics_registry.hpp"

namespace duka::host {

// RequestBody is what the front read after the head: the body, or the error that stopped
// reading it (400 malformed, 408 too slow, 413 too large; the connection then closes).
struct RequestBody {
  std::string bytes;
  std::optional<HttpError> error;
};

class RequestHandler {
 public:
  // Each request is served with the state current when it begins.
  RequestHandler(const ServingStates& states, MetricsRegistry& metrics,
                 IdempotencyKeys& idempotency);

  // handle answers the request, appending the answer's bytes to out (the connection's
  // output). keepAlive false answers with Connection: close (the server is draining). It
  // answers whether the connection stays open for the client's next request.
  bool handle(RequestHead head, RequestBody body, bool keepAlive, std::string& out);

 private:
  // route answers the request (its fields move into the handler's Request); matched is its
  // route, if any, and logged what logs show of its path (the route's template when the
  // path carries a secret).
  Response route(const ServingState& state, RequestHead& head, RequestBody& body,
                 const Origin& origin, const std::string& requestId, const RouteEntry*& matched,
                 std::string& logged);

  const ServingStates& states_;
  MetricsRegistry& metrics_;
  IdempotencyKeys& idempotency_;
};

// makeRequestId returns the client's X-Request-Id when it is a sane token (1-128 visible
// ASCII characters), else a new random 32-hex-digit id.
std::string makeRequestId(const std::string& fromClient);

}  // namespace duka::host
