#include "serving.hpp"

#include <Poco/Logger.h>

#include "duka/facility/identity.hpp"
#include "host_api.hpp"
#include "http/dispatch/request_handler.hpp"
#include "http/transport/http_server.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

void serve(const HostConfig& config, DukaRuntime& runtime,
           const std::function<void()>& untilStopped) {
  Poco::Logger& log = Poco::Logger::get("duka");
  ServiceDirectory& services = runtime.services();
  IdentityServices identity{std::static_pointer_cast<const Authenticator>(
                                services.find(kAuthenticatorService, typeid(Authenticator).name())),
                            {}};
  for (const std::string& name : services.names(kPrincipalLinkerPrefix)) {
    identity.linkers.push_back(std::static_pointer_cast<const PrincipalLinker>(
        services.find(name, typeid(PrincipalLinker).name())));
  }
  if (!identity.authenticator)
    log.warning("no plugin provides authentication: every non-public route answers 401");

  const RequestOrigin origin(config.server());
  const CorsPolicy cors(config.server().corsOrigins);
  IdempotencyKeys idempotency(runtime.db());
  RequestHandler handler(runtime.routes(), runtime.metrics(), std::move(identity), idempotency,
                         origin, cors, config.log().accessLog);
  const EdgeResponder edge(runtime.metrics(), runtime.routes(), config.log().accessLog);
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
  HttpServer server(config.server(), handler, edge, origin);
  server.start();
  log.information("duka listening on http://%s:%hu (%s, %z plugins)", config.server().address,
                  server.port(), std::string(backendName(runtime.db().backend())),
                  runtime.plugins().plugins().size());

  untilStopped();
  log.information("stopping: draining requests");
  server.drain(std::chrono::seconds(config.server().shutdownTimeoutS));
  log.information("stopped");
}

}  // namespace duka::host
