// configureLogging: the host owns logging: every logger writes text lines or JSON objects
// with UTC timestamps, to stderr through a batched channel (so request threads never wait on
// a write per line) or to a file that Poco's FileChannel rotates.
#pragma once

#include "config/host_config.hpp"

namespace duka::host {

void configureLogging(const LogConfig& config);
// jsonLogs tells whether lines are JSON, so the access log adds its fields to the message.
bool jsonLogs();
// flushLogging writes out what is buffered and stops the writer thread; call it before the
// process exits. Lines logged afterwards are written synchronously.
void flushLogging();

}  // namespace duka::host
