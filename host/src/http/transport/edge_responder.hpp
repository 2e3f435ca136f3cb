// EdgeResponder: the answers the front gives where no request object exists: a head too
// large (431), too slow (408) or malformed (400, 505), a server at max_connections (503).
// Each is problem+json with a request id and Connection: close, and has its access-log line.
#pragma once

#include <string_view>

#include "duka/http.hpp"
#include "http/dispatch/serving_state.hpp"
#include "http/metrics/metrics_registry.hpp"
#include "http/transport/connection_table.hpp"

namespace duka::host {

class EdgeResponder {
 public:
  // The current state's routes name the paths that carry a secret, which the log shows as
  // their template, and its access_log says whether to log.
  EdgeResponder(MetricsRegistry& metrics, const ServingStates& states);

  // answer queues error on the connection's output (the front sends it) and logs it; head
  // is what arrived of the request, if anything.
  void answer(BufferedSocketImpl& socket, const HttpError& error, std::string_view head) const;

 private:
  MetricsRegistry& metrics_;
  const ServingStates& states_;
};

// requestTimeout (408), headerFieldsTooLarge (431) and tooManyConnections (503) are the
// front's own problems.
HttpError requestTimeout();
HttpError headerFieldsTooLarge(std::string detail);
HttpError tooManyConnections();

}  // namespace duka::host
