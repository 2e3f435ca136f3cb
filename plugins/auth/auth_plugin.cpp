// The auth plugin: local accounts and OpenID Connect login, duka's JWTs, and the host's
// authenticator. This file only wires the pieces together.
//
//   [auth]
//   token_secret = ${system.env.DUKA_TOKEN_SECRET}   ; >= 32 bytes
//   access_ttl_s = 900
//   refresh_ttl_s = 1209600
//   local_accounts = true
//   oidc_issuer = https://id.example.com/realms/shop
//   oidc_client_id = duka
//   oidc_client_secret = ${system.env.OIDC_CLIENT_SECRET}
//   oidc_audience =                                   ; accept the provider's access tokens
//   staff_claim = roles
//   staff_value = staff
#include <duka/sdk.hpp>
#include <memory>

#include "account_repository.hpp"
#include "api_key_routes.hpp"
#include "auth_migrations.hpp"
#include "auth_routes.hpp"
#include "auth_settings.hpp"
#include "bearer_authenticator.hpp"
#include "local_accounts.hpp"
#include "oidc_provider.hpp"
#include "password_hasher.hpp"
#include "provider_token_verifier.hpp"
#include "refresh_token_store.hpp"
#include "token_issuer.hpp"
#include "token_secret.hpp"
#include "token_sessions.hpp"

namespace duka::auth {

class AuthPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "auth",
            .version = "1.0.0",
            .description = "Local accounts, OpenID Connect login and duka's JWTs",
            .requiredPlugins = {}};
  }

  const SettingsDeclaration& settings() const override { return authSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = authSettings().read(context.section());
    Database& db = context.db();
    Poco::Logger& log = context.log();

    bool generated = false;
    const std::string secret = loadTokenSecret(db, settings_.tokenSecret, generated);
    if (generated) {
      log.warning(
          "[auth] token_secret is empty: using a development secret generated and kept in the "
          "database. Set token_secret (>= 32 bytes) in production, the same on every instance.");
    }
    issuer_ = std::make_unique<TokenIssuer>(secret, settings_.accessTtl, settings_.refreshTtl);
    accounts_ = std::make_unique<AccountRepository>(db);
    hasher_ = std::make_unique<PasswordHasher>(passwordIterationsFor(settings_, log));
    sessions_ = std::make_unique<TokenSessions>(*issuer_, *accounts_);
    if (settings_.localAccounts) {
      local_ = std::make_shared<LocalAccounts>(db, *accounts_, *hasher_);
      context.services().provide<AccountAdmin>(kAccountAdminService, local_);
    }
    if (settings_.oidcEnabled()) {
      provider_ = std::make_unique<OidcProvider>(settings_, log);
      verifier_ = std::make_unique<ProviderTokenVerifier>(*provider_, settings_, log);
    }
    throttle_ = std::make_unique<LoginThrottle>(settings_.throttle);
    keyStore_ = std::make_unique<ApiKeyStore>(db);
    keys_ = std::make_unique<ApiKeys>(*keyStore_, *throttle_);
    context.services().provide<Authenticator>(
        kAuthenticatorService,
        std::make_shared<BearerAuthenticator>(*issuer_, verifier_.get(), keys_.get()));
    std::atomic<std::uint64_t>& throttled = context.metrics().counter(
        "auth_throttled_logins",
        "Logins and registrations refused with 429 by the failed-attempt limits");
    routes_ =
        std::make_unique<AuthRoutes>(db, *accounts_, *sessions_, local_.get(), provider_.get(),
                                     verifier_.get(), *throttle_, throttled, log);
    routes_->addTo(context.routes());
    keyRoutes_ = std::make_unique<ApiKeyRoutes>(db, *keyStore_, *keys_);
    keyRoutes_->addTo(context.routes());

    db.write(EventContext::system("auth"),
             [](Transaction& tx) { RefreshTokenStore().deleteExpired(tx); });
    for (const auto& username : accounts_->rekeyLocalUsernames()) {
      log.warning(
          "auth: the account '%s' has a name that now compares equal to another "
          "account's (Unicode NFKC and case folding): logging in by that name reaches "
          "the other account",
          username);
    }
    log.information("auth: local accounts %s, OpenID Connect %s",
                    std::string(settings_.localAccounts ? "on" : "off"),
                    settings_.oidcEnabled() ? settings_.oidcIssuer : std::string("off"));
  }

 private:
  AuthSettings settings_;
  std::unique_ptr<TokenIssuer> issuer_;
  std::unique_ptr<AccountRepository> accounts_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<TokenSessions> sessions_;
  std::shared_ptr<LocalAccounts> local_;
  std::unique_ptr<OidcProvider> provider_;
  std::unique_ptr<ProviderTokenVerifier> verifier_;
  std::unique_ptr<LoginThrottle> throttle_;
  std::unique_ptr<ApiKeyStore> keyStore_;
  std::unique_ptr<ApiKeys> keys_;
  std::unique_ptr<AuthRoutes> routes_;
  std::unique_ptr<ApiKeyRoutes> keyRoutes_;
};

}  // namespace duka::auth

DUKA_PLUGIN(duka::auth::AuthPlugin)
