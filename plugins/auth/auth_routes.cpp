#include "auth_routes.hpp"

#include <Poco/JSON/Array.h>

#include <duka/plugins/auth/auth_events.hpp>

#include "auth_shapes.hpp"
#include "compact_jws.hpp"

namespace duka::auth {

namespace {

// kRefusedDetail is the one detail of every failed login, whatever the cause.
constexpr const char* kRefusedDetail = "The credentials are not valid.";

// refuseIfThrottled answers 429 when client (or the account, when named) is past its limit,
// and counts it.
void refuseIfThrottled(LoginThrottle& throttle, std::atomic<std::uint64_t>& refused,
                       const std::string& client, const std::string& accountKey) {
  if (const auto wait = throttle.retryAfter(client, accountKey); wait.count() > 0) {
    refused.fetch_add(1, std::memory_order_relaxed);
    throw tooManyRequests(
        "Too many failed attempts; try again in " + std::to_string(wait.count()) + " s.",
        wait.count());
  }
}

}  // namespace

void AuthRoutes::addTo(Router& router) {
  const std::pair<int, std::string> tooMany = {
      429, "Too many failed attempts (or new accounts) from this address, or at this account"};
  router.add({.method = "POST",
              .path = "/api/login/",
              .access = Access::Public,
              .handler =
                  [this](Request& request) {
                    return throttled(request, [this](Request& r, std::string& accountKey) {
                      return login(r, accountKey);
                    });
                  },
              .summary = "Log in with a password, an OpenID ID token or an authorization code",
              .request = &credentialsShape(),
              .response = &tokensShape(),
              .problems = {{401, "The credentials are not valid (the same answer for every cause)"},
                           tooMany}});
  if (local_) {
    router.add({.method = "POST",
                .path = "/api/register/",
                .access = Access::Public,
                .handler =
                    [this](Request& request) {
                      // New accounts have a budget per address of their own: one
                      // address cannot make accounts without end.
                      return throttled(
                          request, [this](Request& r, std::string&) { return registerAccount(r); },
                          true);
                    },
                .summary = "Create a local account and log in",
                .request = &newAccountShape(),
                .response = &tokensShape(),
                .problems = {{409, "The username is taken"}, tooMany},
                .successStatus = 201});
  }
  router.add({.method = "POST",
              .path = "/api/token/refresh/",
              .access = Access::Public,
              .handler =
                  [this](Request& request) {
                    return throttled(request,
                                     [this](Request& r, std::string&) { return refresh(r); });
                  },
              .summary = "Trade a refresh token for new tokens (the used one is revoked)",
              .request = &refreshTokenShape(),
              .response = &tokensShape(),
              .problems = {{401, "The refresh token is not valid"}, tooMany}});
  router.add({.method = "POST",
              .path = "/api/logout/",
              .access = Access::Authenticated,
              .handler = [this](Request& request) { return logout(request); },
              .summary = "Revoke a refresh token and every token rotated from the same login",
              .request = &refreshTokenShape(),
              .successStatus = 204});
  router.add({.method = "GET",
              .path = "/api/login/options/",
              .access = Access::Public,
              .handler = [this](Request&) { return options(); },
              .summary = "The ways to log in (for a sign-in page such as the staff console's)",
              .response = &loginOptionsShape()});
  router.add({.method = "GET",
              .path = "/api/me/",
              .access = Access::Authenticated,
              .handler = [this](Request& request) { return me(request); },
              .summary = "The calling principal",
              .response = &principalShape()});
}

Response AuthRoutes::options() {
  LoginOptions options{.password = local_ != nullptr,
                       .openid = provider_ != nullptr && verifier_ != nullptr,
                       .authorizationEndpoint = "",
                       .clientId = "",
                       .scope = ""};
  if (options.openid) {
    options.authorizationEndpoint = provider_->authorizationEndpoint();
    options.clientId = provider_->clientId();
    options.scope = "openid profile email";
  }
  return loginOptionsShape().answer(200, options);
}

void AuthRoutes::refuse(Request& request, const std::string& method, const std::string& username,
                        const std::string& why) {
  log_.notice("login refused (%s, request %s): %s", method, request.requestId(), why);
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    tx.publish(kLoginFailed, {username, method});
  });
  throw unauthorized(kRefusedDetail);
}

Response AuthRoutes::signIn(Request& request, const Principal& principal, const std::string& method,
                            const Account* provider) {
  const EventContext context{principal, request.requestId()};
  const TokenPair tokens = db_.transact(context, [&](Transaction& tx) {
    if (provider)
      accounts_.upsertProvider(tx, *provider);
    else
      accounts_.recordLogin(tx, principal.subject);
    TokenPair issued = sessions_.issue(tx, principal);
    tx.publish(kLogin, {principal.subject, principal.username, method});
    return issued;
  });
  return tokensShape().answer(200, tokens).withHeader("Cache-Control", "no-store");
}

Principal AuthRoutes::providerLogin(Request& request, const std::string& idToken,
                                    const std::string& method, Account& account) {
  const auto claims = verifier_->verifyIdToken(idToken);
  if (!claims)
    refuse(request, method, "", "the ID token is not valid");
  const Principal principal = verifier_->principalOf(claims);
  account.subject = principal.subject;
  account.username = principal.username;
  account.email = claims->has("email") && claims->get("email").isString()
                      ? claims->getValue<std::string>("email")
                      : "";
  account.staff = principal.isStaff();
  return principal;
}

Response AuthRoutes::throttled(
    Request& request, const std::function<Response(Request&, std::string& accountKey)>& attempt,
    bool registration) {
  const std::string& client = request.clientAddress();
  refuseIfThrottled(throttle_, throttled_, client, "");
  if (registration) {
    if (const auto wait = throttle_.retryAfterRegistering(client); wait.count() > 0) {
      throttled_.fetch_add(1, std::memory_order_relaxed);
      throw tooManyRequests("Too many new accounts from this address; try again in " +
                                std::to_string(wait.count()) + " s.",
                            wait.count());
    }
  }
  std::string accountKey;
  try {
    Response response = attempt(request, accountKey);
    if (registration)
      throttle_.recordRegistration(client);
    else if (!accountKey.empty())
      throttle_.recordSuccess(client, accountKey);
    return response;
  } catch (const HttpError& error) {
    if (error.status() != 429)
      throttle_.recordFailure(client, accountKey);
    throw;
  }
}

Response AuthRoutes::login(Request& request, std::string& accountKey) {
  JsonBody body(request);
  Credentials credentials;
  credentialsShape().read(body, credentials, Input::Create);
  if (body.ok() && credentials.idToken.empty() && credentials.code.empty()) {
    for (const char* field : {"username", "password"}) {
      if (!body.has(field))
        body.ruleError(field, "This field is required.");
    }
  } else if (body.ok() && credentials.idToken.empty() && credentials.redirectUri.empty()) {
    body.ruleError("redirect_uri", "This field is required.");
  }
  body.finish();
  if (!credentials.idToken.empty()) {
    if (!verifier_)
      refuse(request, kByIdToken, "", "OpenID Connect is not configured");
    Account account;
    const Principal principal = providerLogin(request, credentials.idToken, kByIdToken, account);
    return signIn(request, principal, kByIdToken, &account);
  }
  if (!credentials.code.empty()) {
    if (!provider_ || !verifier_)
      refuse(request, kByCode, "", "OpenID Connect is not configured");
    std::string idToken;
    try {
      idToken = provider_->exchangeCode(credentials.code, credentials.redirectUri,
                                        credentials.codeVerifier);
    } catch (const std::exception& e) {
      refuse(request, kByCode, "", std::string("code exchange failed: ") + e.what());
    }
    Account account;
    const Principal principal = providerLogin(request, idToken, kByCode, account);
    return signIn(request, principal, kByCode, &account);
  }
  accountKey = usernameKey(credentials.username);
  refuseIfThrottled(throttle_, throttled_, request.clientAddress(), accountKey);
  if (!local_)
    refuse(request, kByPassword, credentials.username, "local accounts are disabled");
  const auto account = local_->authenticate(credentials.username, credentials.password);
  if (!account)
    refuse(request, kByPassword, credentials.username, "unknown username or wrong password");
  return signIn(request, TokenSessions::principalOf(*account), kByPassword, nullptr);
}

Response AuthRoutes::registerAccount(Request& request) {
  const NewAccount fresh = newAccountShape().read(request);
  if (FieldErrors errors = LocalAccounts::validate(fresh); !errors.empty())
    throw unprocessable("The account breaks a rule.", std::move(errors));
  const std::string hash = local_->hasher().hash(fresh.password);
  const auto tokens =
      db_.transact(EventContext::of(request), [&](Transaction& tx) -> std::optional<TokenPair> {
        const auto account = local_->create(tx, fresh, hash);
        if (!account)
          return std::nullopt;
        return sessions_.issue(tx, TokenSessions::principalOf(*account));
      });
  if (!tokens)
    throw conflict("The username is taken.", {{"username", {"is taken"}}});
  return tokensShape().answer(201, *tokens).withHeader("Cache-Control", "no-store");
}

Response AuthRoutes::refresh(Request& request) {
  const RefreshToken body = refreshTokenShape().read(request);
  const auto tokens = sessions_.refresh(db_, EventContext::of(request), body.refresh);
  if (!tokens)
    throw unauthorized("The refresh token is not valid.");
  return tokensShape().answer(200, *tokens).withHeader("Cache-Control", "no-store");
}

Response AuthRoutes::logout(Request& request) {
  const RefreshToken body = refreshTokenShape().read(request);
  if (!sessions_.logout(db_, EventContext::of(request), body.refresh, request.caller().subject)) {
    throw unprocessable("That is not a refresh token of this account.",
                        {{"refresh", {"is not a valid refresh token of this account"}}});
  }
  return Response::noContent();
}

Response AuthRoutes::me(Request& request) {
  return principalShape().answer(200, request.caller());
}

}  // namespace duka::auth
