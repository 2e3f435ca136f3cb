// serve: what `duka` does once the plugins have started: wires the request path (the
// identity services, origin, CORS, idempotency, the handler) to the HTTP front, serves until
// untilStopped returns (SIGTERM or SIGINT), and drains the requests in flight.
#pragma once

#include <functional>

#include "config/host_config.hpp"
#include "duka_runtime.hpp"

namespace duka::host {

void serve(const HostConfig& config, DukaRuntime& runtime,
           const std::function<void()>& untilStopped);

}  // namespace duka::host
