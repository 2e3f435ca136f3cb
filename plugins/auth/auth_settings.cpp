#include "auth_settings.hpp"

#include <duka/http_client.hpp>

namespace duka::auth {

std::vector<Setting> AuthSettings::declared() {
  return {
      Setting::text("token_secret", "",
                    "HS256 key of duka's tokens, >= 32 bytes; empty: generated, kept in the "
                    "database, with a warning (several instances need a configured one)")
          .asSecret(),
      Setting::integer("access_ttl_s", 900, 30, 86400, "lifetime of an access token, seconds"),
      Setting::integer("refresh_ttl_s", 1209600, 60, 31536000,
                       "lifetime of a refresh token, seconds"),
      Setting::boolean("local_accounts", true, "username + password accounts kept by duka"),
      Setting::integer("password_iterations", 210000, 210000, 10000000,
                       "PBKDF2-HMAC-SHA256 iterations for new password hashes"),
      Setting::text("oidc_issuer", "", "OpenID provider issuer URL; empty: OIDC login is off"),
      Setting::text("oidc_client_id", "", "duka's client id at the provider"),
      Setting::text("oidc_client_secret", "", "duka's client secret at the provider").asSecret(),
      Setting::text("oidc_audience", "",
                    "accept the provider's access tokens issued for this audience"),
      Setting::text("staff_claim", "roles",
                    "claim that lists a provider user's roles; dots reach into objects "
                    "(realm_access.roles)"),
      Setting::text("staff_value", "staff", "the role in staff_claim that makes a user staff"),
      Setting::integer("oidc_timeout_s", 10, 1, 120, "one HTTP call to the provider, seconds"),
      Setting::integer("login_window_s", 300, 1, 86400,
                       "throttling window for failed logins and registrations, seconds"),
      Setting::integer("login_failures_per_client", 20, 0, 1000000,
                       "failed logins or registrations from one client address, any account, "
                       "before 429 (0: no limit)"),
      Setting::integer("login_failures_per_account", 5, 0, 1000000,
                       "failed logins of one account from one client address before 429 (0: no "
                       "limit)"),
  };
}

std::vector<SettingProblem> AuthSettings::check(const Settings& settings) {
  std::vector<SettingProblem> problems;
  const std::string& secret = settings.string("token_secret");
  if (!secret.empty() && secret.size() < kMinSecretBytes) {
    problems.push_back({"token_secret", "must be at least " + std::to_string(kMinSecretBytes) +
                                            " bytes (got " + std::to_string(secret.size()) + ")"});
  }
  const std::string& issuer = settings.string("oidc_issuer");
  if (!issuer.empty()) {
    if (!isSecureServiceUrl(issuer)) {
      problems.push_back(
          {"oidc_issuer", "must be an https:// URL (http:// only on a loopback host)"});
    }
    if (settings.string("oidc_client_id").empty())
      problems.push_back({"oidc_client_id", "is required when oidc_issuer is set"});
  } else {
    for (const char* key : {"oidc_client_id", "oidc_client_secret", "oidc_audience"}) {
      if (!settings.string(key).empty())
        problems.push_back({key, "has no effect without oidc_issuer"});
    }
  }
  if (!settings.boolean("local_accounts") && issuer.empty()) {
    problems.push_back(
        {"local_accounts", "is false and oidc_issuer is empty: nobody could log in"});
  }
  return problems;
}

AuthSettings AuthSettings::from(const Settings& settings) {
  AuthSettings s;
  s.tokenSecret = settings.string("token_secret");
  s.accessTtl = std::chrono::seconds(settings.integer("access_ttl_s"));
  s.refreshTtl = std::chrono::seconds(settings.integer("refresh_ttl_s"));
  s.localAccounts = settings.boolean("local_accounts");
  s.passwordIterations = static_cast<int>(settings.integer("password_iterations"));
  s.oidcIssuer = settings.string("oidc_issuer");
  s.oidcClientId = settings.string("oidc_client_id");
  s.oidcClientSecret = settings.string("oidc_client_secret");
  s.oidcAudience = settings.string("oidc_audience");
  s.staffClaim = settings.string("staff_claim");
  s.staffValue = settings.string("staff_value");
  s.oidcTimeout = std::chrono::seconds(settings.integer("oidc_timeout_s"));
  s.throttle.window = std::chrono::seconds(settings.integer("login_window_s"));
  s.throttle.perClient = static_cast<int>(settings.integer("login_failures_per_client"));
  s.throttle.perAccount = static_cast<int>(settings.integer("login_failures_per_account"));
  return s;
}

}  // namespace duka::auth
