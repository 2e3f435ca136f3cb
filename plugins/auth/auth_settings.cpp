#include "auth_settings.hpp"

#include <Poco/NumberParser.h>

#include <cstdlib>
#include <duka/facility/http_client.hpp>

namespace duka::auth {

namespace {

std::vector<SettingProblem> check(const AuthSettings& s) {
  std::vector<SettingProblem> problems;
  if (!s.tokenSecret.empty() && s.tokenSecret.size() < kMinSecretBytes) {
    problems.push_back({"token_secret", "must be at least " + std::to_string(kMinSecretBytes) +
                                            " bytes (got " + std::to_string(s.tokenSecret.size()) +
                                            ")"});
  }
  if (s.oidcEnabled()) {
    if (!isSecureServiceUrl(s.oidcIssuer)) {
      problems.push_back(
          {"oidc_issuer", "must be an https:// URL (http:// only on a loopback host)"});
    }
    if (s.oidcClientId.empty())
      problems.push_back({"oidc_client_id", "is required when oidc_issuer is set"});
  } else {
    const std::pair<const char*, const std::string*> oidc[] = {
        {"oidc_client_id", &s.oidcClientId},
        {"oidc_client_secret", &s.oidcClientSecret},
        {"oidc_audience", &s.oidcAudience}};
    for (const auto& [key, value] : oidc) {
      if (!value->empty())
        problems.push_back({key, "has no effect without oidc_issuer"});
    }
  }
  if (!s.localAccounts && !s.oidcEnabled()) {
    problems.push_back(
        {"local_accounts", "is false and oidc_issuer is empty: nobody could log in"});
  }
  return problems;
}

const Settings<ThrottleLimits>& throttleSettings() {
  static const Settings<ThrottleLimits> settings =
      Settings<ThrottleLimits>()
          .bind(Setting::integer("login_window_s", 300, 1, 86400,
                                 "throttling window for failed logins, registrations and "
                                 "refreshes, and for new accounts, seconds"),
                &ThrottleLimits::window)
          .bind(Setting::integer("login_failures_per_client", 20, 0, 1000000,
                                 "failed logins, registrations or token refreshes from one "
                                 "client address, any account, before 429 (0: no limit)"),
                &ThrottleLimits::perClient)
          .bind(Setting::integer("registrations_per_client", 100, 0, 1000000,
                                 "new accounts from one client address within the window "
                                 "before 429 (0: no limit)"),
                &ThrottleLimits::registrations)
          .bind(Setting::integer("login_failures_per_account", 5, 0, 1000000,
                                 "failed logins of one account from one client address before 429 "
                                 "(0: no limit)"),
                &ThrottleLimits::perAccount);
  return settings;
}

}  // namespace

const Settings<AuthSettings>& authSettings() {
  using A = AuthSettings;
  static const Settings<A> settings =
      Settings<A>()
          .bind(Setting::text("token_secret", "",
                              "HS256 key of duka's tokens, >= 32 bytes; empty: generated, kept in "
                              "the database, with a warning (several instances need a configured "
                              "one); required in production")
                    .asSecret()
                    .asRequiredInProduction(),
                &A::tokenSecret)
          .bind(Setting::integer("access_ttl_s", 900, 30, 86400,
                                 "lifetime of an access token, seconds"),
                &A::accessTtl)
          .bind(Setting::integer("refresh_ttl_s", 1209600, 60, 31536000,
                                 "lifetime of a refresh token, seconds"),
                &A::refreshTtl)
          .bind(
              Setting::boolean("local_accounts", true, "username + password accounts kept by duka"),
              &A::localAccounts)
          .bind(Setting::integer("password_iterations", 210000, 210000, 10000000,
                                 "PBKDF2-HMAC-SHA256 iterations for new password hashes"),
                &A::passwordIterations)
          .bind(Setting::text("oidc_issuer", "",
                              "OpenID provider issuer URL; empty: OIDC login is off"),
                &A::oidcIssuer)
          .bind(Setting::text("oidc_client_id", "", "duka's client id at the provider"),
                &A::oidcClientId)
          .bind(Setting::text("oidc_client_secret", "", "duka's client secret at the provider")
                    .asSecret(),
                &A::oidcClientSecret)
          .bind(Setting::text("oidc_audience", "",
                              "accept the provider's access tokens issued for this audience"),
                &A::oidcAudience)
          .bind(Setting::text("staff_claim", "roles",
                              "claim that lists a provider user's roles; dots reach into objects "
                              "(realm_access.roles)"),
                &A::staffClaim)
          .bind(Setting::text("staff_value", "staff",
                              "the role in staff_claim that makes a user staff"),
                &A::staffValue)
          .bind(Setting::integer("oidc_timeout_s", 10, 1, 120,
                                 "one HTTP call to the provider, seconds"),
                &A::oidcTimeout)
          .nest(&A::throttle, throttleSettings())
          .rule(check);
  return settings;
}

}  // namespace duka::auth

namespace duka::auth {

int passwordIterationsFor(const AuthSettings& settings, Poco::Logger& log) {
  const char* forTests = std::getenv("DUKA_TEST_PASSWORD_ITERATIONS");
  int iterations = 0;
  if (!forTests || !Poco::NumberParser::tryParse(forTests, iterations) || iterations < 1 ||
      iterations >= settings.passwordIterations)
    return settings.passwordIterations;
  log.warning(
      "DUKA_TEST_PASSWORD_ITERATIONS: new password hashes take %d PBKDF2 iterations, "
      "fewer than a server's %d (for test suites only)",
      iterations, settings.passwordIterations);
  return iterations;
}

}  // namespace duka::auth
