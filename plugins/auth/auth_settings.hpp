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

  static std::vector<Setting> declared();
  // check returns the rules the section breaks across keys (secret length, OIDC trio).
  static std::vector<SettingProblem> check(const Settings& settings);
  static AuthSettings from(const Settings& settings);
};

// kMinSecretBytes is the shortest token secret accepted: HS256 wants 256 bits of key.
inline constexpr std::size_t kMinSecretBytes = 32;

}  // namespace duka::auth
