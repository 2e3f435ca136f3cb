// AuthSettings: the [auth] section: its declared keys (which validate the INI, feed
// `duka --check` and the docs) and the typed values the plugin runs with.
#pragma once

#include <chrono>
#include <duka/config.hpp>
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
const SettingsOf<AuthSettings>& authSettings();

// kMinSecretBytes is the shortest token secret accepted: HS256 wants 256 bits of key.
inline constexpr std::size_t kMinSecretBytes = 32;

}  // namespace duka::auth
