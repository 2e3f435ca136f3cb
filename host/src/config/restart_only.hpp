// restartOnlyChanges: the host's keys a reload cannot apply, because what they configure is
// made once per process: [server] address, port, queue (the listening socket), threads (the
// workers) and max_connections (the connection table); every [database] key (the pools and
// the SQLite writer); and [log] but for level and access_log (the log channels).
#pragma once

#include <string>
#include <vector>

#include "config/host_config.hpp"

namespace duka::host {

// restartOnlyChanges names each restart-only key whose value differs between the
// configuration duka started with and next, as "[server] port".
std::vector<std::string> restartOnlyChanges(const HostConfig& started, const HostConfig& next);

}  // namespace duka::host
