// duka/principal.hpp: who is calling (Principal), the extension point that turns a bearer
// token into one (Authenticator, provided by auth) and the one that links it to a customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace duka {

// Principal is the authenticated caller of a request.
struct Principal {
  std::string subject;  // the JWT "sub": stable across logins
  std::string username;
  std::vector<std::string> roles;          // "staff" or none
  std::optional<std::int64_t> customerId;  // the customer profile linked to the subject

  bool isStaff() const;
};

// Authenticator verifies bearer tokens. The host asks the service registered under
// kAuthenticatorService; with none registered, every non-public route answers 401.
class Authenticator {
 public:
  virtual ~Authenticator();
  // authenticate returns the principal for a valid token, or nothing for any bad token.
  virtual std::optional<Principal> authenticate(const std::string& bearerToken) const = 0;
};

// CustomerLinks maps a subject to the customer profile linked to it. The customers plugin
// provides it; the host asks it after authentication and fills Principal::customerId, so
// the plugin that authenticates needs no dependency on the one that keeps customers.
class CustomerLinks {
 public:
  virtual ~CustomerLinks();
  virtual std::optional<std::int64_t> customerOf(const std::string& subject) const = 0;
};

inline constexpr const char* kAuthenticatorService = "duka.authenticator";
inline constexpr const char* kCustomerLinksService = "duka.customer_links";
inline constexpr const char* kStaffRole = "staff";

}  // namespace duka
