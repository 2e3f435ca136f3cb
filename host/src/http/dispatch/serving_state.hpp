// ServingState: what a request is served with, from one generation of the configuration:
// the routes, the identity services, the origin and CORS rules, and whether requests are
// logged. ServingStates answers the current one; a request holds it until it is answered,
// so it is served wholly by one generation (docs/design/live-reload.md).
#pragma once

#include <memory>
#include <vector>

#include "duka/facility/identity.hpp"
#include "http/dispatch/cors_policy.hpp"
#include "http/dispatch/request_origin.hpp"
#include "http/dispatch/route_table.hpp"

namespace duka::host {

// IdentityServices are the plugin services that turn a bearer token into a principal:
// the authenticator (nullptr: every non-public route answers 401) and the linkers that
// add what the principal owns in each plugin (Principal::links).
struct IdentityServices {
  std::shared_ptr<const Authenticator> authenticator;
  // the same authenticator when it also takes the client's address (SDK 1.1), else nullptr
  const ClientAuthenticator* clientAuthenticator = nullptr;
  std::vector<std::shared_ptr<const PrincipalLinker>> linkers;
};

struct ServingState {
  const RouteTable& routes;
  IdentityServices identity;
  RequestOrigin origin;
  CorsPolicy cors;
  bool accessLog = true;
};

class ServingStates {
 public:
  virtual ~ServingStates() = default;
  // current is the state new requests are served with; never nullptr while serving.
  virtual std::shared_ptr<const ServingState> current() const = 0;
};

}  // namespace duka::host
