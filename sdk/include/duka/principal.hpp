// duka/principal.hpp: who is calling (Principal), and the interfaces the host calls to know:
// Authenticator (bearer token -> principal), PrincipalLinker (what a principal owns in a
// plugin, such as its customer profile) and AccountAdmin (`duka --add-user`). Plugins
// provide them under the names below.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duka {

struct Principal {
  std::string subject;  // the JWT "sub": stable across logins
  std::string username;
  std::vector<std::string> roles;                          // "staff" or none
  std::map<std::string, std::int64_t, std::less<>> links;  // "customer" -> 42: see PrincipalLinker
  bool isStaff() const;
  std::optional<std::int64_t> link(std::string_view name) const;  // nullopt when not linked
};

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
inline constexpr const char* kStaffRole = "staff";

}  // namespace duka
