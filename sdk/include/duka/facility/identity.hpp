// duka/facility/identity.hpp: what an identity plugin provides for the host, each under the
// name below: Authenticator (bearer token -> principal), PrincipalLinker (what a principal
// owns in a plugin) and AccountAdmin (`duka --add-user`); and how an API key's principal
// carries its scopes.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "duka/principal.hpp"

namespace duka {

class Authenticator {  // without one, every non-public route answers 401
 public:
  virtual ~Authenticator();
  virtual std::optional<Principal> authenticate(const std::string& bearerToken) const = 0;
};

// ClientAuthenticator is an Authenticator that also learns the client's address (SDK 1.1),
// to throttle guessing per client; the host calls this overload when the provided
// authenticator is one. It may throw HttpError (429 while a client is throttled).
class ClientAuthenticator : public Authenticator {
 public:
  ~ClientAuthenticator() override;
  using Authenticator::authenticate;
  virtual std::optional<Principal> authenticate(const std::string& bearerToken,
                                                const std::string& clientAddress) const = 0;
};

// An API key's principal (SPEC 11) is staff limited to its scopes: its roles are "staff",
// kApiKeyRole and kScopeRolePrefix + each scope ("scope:orders:read"). The host answers
// 403 naming the scope when a route's RouteSpec::scope is not among them, and when the
// route declares none (it is for people).
inline constexpr const char* kApiKeyRole = "api_key";
inline constexpr const char* kScopeRolePrefix = "scope:";

inline bool isApiKey(const Principal& principal) {
  return std::find(principal.roles.begin(), principal.roles.end(), kApiKeyRole) !=
         principal.roles.end();
}
inline bool holdsScope(const Principal& principal, std::string_view scope) {
  return std::any_of(principal.roles.begin(), principal.roles.end(), [&](const std::string& role) {
    return role.size() == scope.size() + 6 && role.compare(0, 6, kScopeRolePrefix) == 0 &&
           std::string_view(role).substr(6) == scope;
  });
}

// A PrincipalLinker adds the links its plugin owns to every authenticated principal (the
// customers plugin adds "customer"); a link the authenticator set is kept. Provide one
// under kPrincipalLinkerPrefix + the plugin's name.
class PrincipalLinker {
 public:
  virtual ~PrincipalLinker();
  virtual void link(Principal& principal) const = 0;
};

class AccountAdmin {
 public:
  virtual ~AccountAdmin();
  // addLocalAccount throws std::invalid_argument naming a broken rule, std::runtime_error
  // for a taken username; the password is never logged.
  virtual void addLocalAccount(const std::string& username, const std::string& password,
                               bool staff) = 0;
};

inline constexpr const char* kAuthenticatorService = "duka.authenticator";
inline constexpr const char* kPrincipalLinkerPrefix = "duka.principal_linker.";
inline constexpr const char* kAccountAdminService = "duka.account_admin";

}  // namespace duka
