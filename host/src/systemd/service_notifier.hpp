// The service manager's notification protocol (sd_notify(3)), written here instead of
// linking libsystemd: duka sends four messages, and a datagram to $NOTIFY_SOCKET is the
// whole protocol (docs/design/live-reload.md).
#pragma once

#include <chrono>
#include <string>

namespace duka::host {

// notifySystemd sends state ("READY=1", "STOPPING=1", ...; lines joined by '\n') to
// $NOTIFY_SOCKET: a path, or an abstract socket name when it starts with '@'. True when
// sent; false when duka runs without a service manager or the send failed.
bool notifySystemd(const std::string& state);

// reloadingState is "RELOADING=1" with MONOTONIC_USEC, the CLOCK_MONOTONIC time the reload
// began, as systemd's Type=notify-reload wants it.
std::string reloadingState();

// systemdWatchdogInterval is WATCHDOG_USEC when the service manager watches this process
// (WATCHDOG_PID absent or ours), else zero: duka then sends WATCHDOG=1 at half of it.
std::chrono::microseconds systemdWatchdogInterval();

}  // namespace duka::host
