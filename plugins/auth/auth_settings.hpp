// AuthSettings: the [auth] section: its declared keys (which validate the INI, feed
// `duka --check` and the docs) and the typed values the plugin runs with.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <duka/settings.hpp>
#include <string>
#include <vector>

#include "login_throttle.hpp"

namespace duka::auth {

struct AuthSettings {
  std::string tokenSecret;  // empty: generated and kept in the database
  std::chrono::seconds accessTtl{900};
  std::chrono::seconds refreshTtl{1209600};
  bool localAccounts = true;
  int passwordIterations = 210000;
  std::string oidcIssuer;
  std::string oidcClientId;
  std::string oidcClientSecret;
  std::string oidcAudience;
  std::string staffClaim = "roles";
  std::string staffValue = "staff";
  std::chrono::seconds oidcTimeout{10};
  ThrottleLimits throttle;

  bool oidcEnabled() const { return !oidcIssuer.empty(); }
};

// authSettings declares the [auth] section, each key bound to its member, and the rules
// across keys (the secret's length, the OpenID trio).
const Settings<AuthSettings>& authSettings();

// passwordIterationsFor is the PBKDF2 count for new hashes: settings' own, or for a test suite
// the one in DUKA_TEST_PASSWORD_ITERATIONS (1 to 209999; the host refuses any DUKA_TEST_
// variable in production), logged as a warning so it is never mistaken for a server's.
int passwordIterationsFor(const AuthSettings& settings, Poco::Logger& log);

// kMinSecretBytes is the shortest token secret accepted: HS256 wants 256 bits of key.
inline constexpr std::size_t kMinSecretBytes = 32;

}  // namespace duka::auth
