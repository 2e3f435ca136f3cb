// serve: what `duka` does once generation 1 has started: wires the request path (the
// generations, idempotency, the handler) to the HTTP front on the address configured or
// the socket systemd passed, tells systemd it is ready, reloads on SIGHUP, and on SIGTERM
// or SIGINT drains the requests in flight.
#pragma once

#include <string>

#include "config/host_config.hpp"
#include "duka_runtime.hpp"

namespace duka::host {

// serve returns once duka has stopped serving; configPath is the file SIGHUP re-reads, and
// passedSocket the listening socket systemd passed (passedListenSocket), or -1 to bind.
void serve(const std::string& configPath, const HostConfig& config, DukaRuntime& runtime,
           int passedSocket);

}  // namespace duka::host
