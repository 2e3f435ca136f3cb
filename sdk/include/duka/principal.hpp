// duka/principal.hpp: who is calling (Principal), and the interfaces the host calls to know:
// Authenticator (bearer token -> principal), CustomerLinks (subject -> customer id) and
// AccountAdmin (`duka --add-user`). Plugins provide them under the names below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace duka {

struct Principal {
  std::string subject;  // the JWT "sub": stable across logins
  std::string username;
  std::vector<std::string> roles;          // "staff" or none
  std::optional<std::int64_t> customerId;  // the customer profile linked to the subject
  bool isStaff() const;
};

class Authenticator {  // without one, every non-public route answers 401
 public:
  virtual ~Authenticator();
  virtual std::optional<Principal> authenticate(const std::string& bearerToken) const = 0;
};

class CustomerLinks {  // fills Principal::customerId after authentication
 public:
  virtual ~CustomerLinks();
  virtual std::optional<std::int64_t> customerOf(const std::string& subject) const = 0;
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
inline constexpr const char* kCustomerLinksService = "duka.customer_links";
inline constexpr const char* kAccountAdminService = "duka.account_admin";
inline constexpr const char* kStaffRole = "staff";

}  // namespace duka
