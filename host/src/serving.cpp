#include "serving.hpp"

#include <Poco/Logger.h>

#include <csignal>

#include "generations/reloader.hpp"
#include "http/dispatch/request_handler.hpp"
#include "http/transport/http_server.hpp"
#include "systemd/service_notifier.hpp"
#include "systemd/service_watchdog.hpp"

namespace duka::host {

namespace {

// nextSignal waits for SIGHUP, SIGTERM, SIGINT or SIGQUIT, which main() blocked in every
// thread, so they arrive here and never in a handler.
int nextSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  for (const int signal : {SIGHUP, SIGTERM, SIGINT, SIGQUIT})
    sigaddset(&signals, signal);
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

void warnAboutOpenFiles(const HostConfig& config, Poco::Logger& log) {
  const std::uint64_t openFiles = raiseOpenFilesLimit();
  log.information("open files limit %Lu, max_connections %d", static_cast<Poco::UInt64>(openFiles),
                  config.server().maxConnections);
  if (openFiles < static_cast<std::uint64_t>(config.server().maxConnections) + 64 +
                      static_cast<std::uint64_t>(config.database().poolSize)) {
    log.warning(
        "the open files limit (%Lu) is below max_connections plus the database pool and a "
        "margin: connections past it are refused; raise LimitNOFILE or lower "
        "[server] max_connections",
        static_cast<Poco::UInt64>(openFiles));
  }
}

}  // namespace

void serve(const std::string& configPath, const HostConfig& config, DukaRuntime& runtime,
           int passedSocket) {
  Poco::Logger& log = Poco::Logger::get("duka");
  GenerationSwitch& generations = runtime.generations();
  IdempotencyKeys idempotency(runtime.db());
  RequestHandler handler(generations, runtime.metrics(), idempotency);
  const EdgeResponder edge(runtime.metrics(), generations);
  warnAboutOpenFiles(config, log);

  HttpServer server(config.server(), handler, edge, generations);
  server.start(passedSocket);
  if (passedSocket >= 0) {
    log.information("duka listening on the socket systemd passed, port %hu (%s, %z plugins)",
                    server.port(), std::string(backendName(runtime.db().backend())),
                    runtime.generation()->plugins().plugins().size());
  } else {
    log.information("duka listening on http://%s:%hu (%s, %z plugins)", config.server().address,
                    server.port(), std::string(backendName(runtime.db().backend())),
                    runtime.generation()->plugins().plugins().size());
  }
  Reloader reloader(configPath, config, runtime, server);
  notifySystemd("READY=1\nSTATUS=serving");
  {
    const ServiceWatchdog watchdog(systemdWatchdogInterval(), [&server, &runtime] {
      return server.workersAnswer() && runtime.db().ping();
    });
    while (nextSignal() == SIGHUP)
      reloader.reload();
  }

  notifySystemd("STOPPING=1");
  const int grace = runtime.generation()->config().server().shutdownTimeoutS;
  log.information("stopping: draining requests (up to %d s)", grace);
  server.drain(std::chrono::seconds(grace));
  log.information("stopped");
}

}  // namespace duka::host
