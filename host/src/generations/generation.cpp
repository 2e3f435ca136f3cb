#include "generations/generation.hpp"

#include "duka/facility/identity.hpp"
#include "host_api.hpp"
#include "http/api/api_docs.hpp"
#include "http/api/builtin_routes.hpp"

namespace duka::host {

namespace {

// identityOf finds the services that turn a bearer token into a principal.
IdentityServices identityOf(const ServiceDirectory& services) {
  IdentityServices identity{std::static_pointer_cast<const Authenticator>(
                                services.find(kAuthenticatorService, typeid(Authenticator).name())),
                            nullptr,
                            {}};
  identity.clientAuthenticator =
      dynamic_cast<const ClientAuthenticator*>(identity.authenticator.get());
  for (const std::string& name : services.names(kPrincipalLinkerPrefix)) {
    identity.linkers.push_back(std::static_pointer_cast<const PrincipalLinker>(
        services.find(name, typeid(PrincipalLinker).name())));
  }
  return identity;
}

}  // namespace

Generation::Generation(std::uint64_t number, HostConfig config, std::vector<LoadedPlugin> plugins,
                       const std::vector<IniSection>& settings, SqlDatabase& db,
                       MetricsRegistry& metrics)
    : number_(number),
      config_(std::move(config)),
      metrics_(metrics),
      log_(Poco::Logger::get("duka")),
      db_(db, subscribers_),
      plugins_(std::move(plugins)) {
  std::vector<AddressRange> metricsReaders;
  for (const auto& range : config_.server().metricsAllow) {
    if (auto parsed = AddressRange::parse(range))
      metricsReaders.push_back(*parsed);
  }
  registerBuiltinRoutes(routes_, metrics_,
                        {[&db] { return db.ping(); }, [this] { return &plugins_; },
                         std::move(metricsReaders), number_});
  registerApiDocs(routes_, dataDir() + "/api-docs");
  try {
    plugins_.startAll(settings,
                      HostRegistries{routes_, *subscribers_, services_, metrics_, db_, number_});
  } catch (...) {
    metrics_.removeGauges(number_);
    throw;
  }
  IdentityServices identity = identityOf(services_);
  if (!identity.authenticator)
    log_.warning("no plugin provides authentication: every non-public route answers 401");
  metrics_.keepRouteMetrics(routes_);
  serving_.emplace(ServingState{routes_, std::move(identity), RequestOrigin(config_.server()),
                                CorsPolicy(config_.server().corsOrigins), config_.log().accessLog});
}

Generation::~Generation() {
  retire();
}

void Generation::announceStarted() {
  plugins_.announceStarted();
}

void Generation::retire() {
  if (retired_)
    return;
  retired_ = true;
  plugins_.stopTasks();
  subscribers_->waitUntilNoneHeld();
  plugins_.stopAll();
  metrics_.removeGauges(number_);
  serving_.reset();
  routes_.clear();
  subscribers_->clear();
  services_.clear();
  plugins_.release();
}

}  // namespace duka::host
