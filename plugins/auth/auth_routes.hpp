// AuthRoutes: the HTTP face of the auth plugin: POST /api/login/, /api/register/,
// /api/token/refresh/, /api/logout/, GET /api/me/ and GET /api/login/options/.
#pragma once

#include <atomic>
#include <duka/sdk.hpp>
#include <functional>

#include "local_accounts.hpp"
#include "login_throttle.hpp"
#include "oidc_provider.hpp"
#include "provider_token_verifier.hpp"
#include "token_sessions.hpp"

namespace duka::auth {

class AuthRoutes {
 public:
  // local, provider and verifier may be null when that way of logging in is off.
  AuthRoutes(Database& db, AccountRepository& accounts, TokenSessions& sessions,
             LocalAccounts* local, OidcProvider* provider, ProviderTokenVerifier* verifier,
             LoginThrottle& throttle, std::atomic<std::uint64_t>& throttled, Poco::Logger& log)
      : db_(db),
        accounts_(accounts),
        sessions_(sessions),
        local_(local),
        provider_(provider),
        verifier_(verifier),
        throttle_(throttle),
        throttled_(throttled),
        log_(log) {}

  void addTo(Router& router);

 private:
  Response login(Request& request, std::string& accountKey);
  Response registerAccount(Request& request);
  // throttled runs a login, registration or token refresh unless the client (or the
  // account it names) is past its failure limit, or, for a registration, its limit of new
  // accounts, which answers 429; a failed attempt is counted, and a new account.
  Response throttled(Request& request,
                     const std::function<Response(Request&, std::string& accountKey)>& attempt,
                     bool registration = false);
  Response refresh(Request& request);
  Response logout(Request& request);
  Response me(Request& request);
  Response options();

  // signIn starts a session for principal, records the login and publishes auth.login.
  Response signIn(Request& request, const Principal& principal, const std::string& method,
                  const Account* provider);
  // refuse publishes auth.login_failed and answers the one 401 every failure gets.
  [[noreturn]] void refuse(Request& request, const std::string& method, const std::string& username,
                           const std::string& why);
  Principal providerLogin(Request& request, const std::string& idToken, const std::string& method,
                          Account& account);

  Database& db_;
  AccountRepository& accounts_;
  TokenSessions& sessions_;
  LocalAccounts* local_;
  OidcProvider* provider_;
  ProviderTokenVerifier* verifier_;
  LoginThrottle& throttle_;
  std::atomic<std::uint64_t>& throttled_;  // logins and registrations answered 429
  Poco::Logger& log_;
};

}  // namespace duka::auth
