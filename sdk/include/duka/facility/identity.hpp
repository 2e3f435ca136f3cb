// duka/facility/identity.hpp: what an identity plugin provides for the host, each under the
// name below: Authenticator (bearer token -> principal), PrincipalLinker (what a principal
// owns in a plugin) and AccountAdmin (`duka --add-user`).
#pragma once

#include <optional>
#include <string>

#include "duka/principal.hpp"

namespace duka {

class Authenticator {  // without one, every non-public route answers 401
 public:
  virtual ~Authenticator();
  virtual std::optional<Principal> authenticate(const std::string& bearerToken) const = 0;
};

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
