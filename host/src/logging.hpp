// configureLogging: the host owns logging: one console channel (stderr) with UTC
// timestamps, written by a background thread so request threads do not wait on it.
#pragma once

#include "config/host_config.hpp"

namespace duka::host {

void configureLogging(const LogConfig& config);
// flushLogging writes out what is queued; call it before the process exits.
void flushLogging();

}  // namespace duka::host
