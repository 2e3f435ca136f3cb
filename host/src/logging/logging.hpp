// configureLogging: the host owns logging: every logger writes to stderr with UTC
// timestamps, through a batched channel so request threads never wait on a write per line.
#pragma once

#include "config/host_config.hpp"

namespace duka::host {

void configureLogging(const LogConfig& config);
// flushLogging writes out what is buffered and stops the writer thread; call it before the
// process exits. Lines logged afterwards are written synchronously.
void flushLogging();

}  // namespace duka::host
