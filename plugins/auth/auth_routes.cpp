#include "auth_routes.hpp"

#include <Poco/JSON/Array.h>

#include "compact_jws.hpp"

namespace duka::auth {

namespace {

// kLoginFailed is the one detail of every failed login, whatever the cause.
constexpr const char* kLoginFailed = "The credentials are not valid.";
constexpr std::size_t kMaxCredentialLength = 1024;
constexpr std::size_t kMaxCodeLength = 4096;

constexpr const char* kTokensSchema =
    R"({"type":"object","properties":{"access":{"type":"string"},"refresh":{"type":"string"},)"
    R"("token_type":{"type":"string","enum":["Bearer"]},"expires_in":{"type":"integer"}}})";

Poco::JSON::Object::Ptr loginEvent(const Principal& principal, const std::string& method) {
  Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
  payload->set("sub", principal.subject);
  payload->set("username", principal.username);
  payload->set("method", method);
  return payload;
}

// refuseIfThrottled answers 429 when client (or the account, when named) is past its limit.
void refuseIfThrottled(LoginThrottle& throttle, const std::string& client,
                       const std::string& accountKey) {
  if (const auto wait = throttle.retryAfter(client, accountKey); wait.count() > 0) {
    throw tooManyRequests(
        "Too many failed attempts; try again in " + std::to_string(wait.count()) + " s.",
        wait.count());
  }
}

}  // namespace

void AuthRoutes::addTo(Router& router) {
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
              .requestSchema = R"({"type":"object","properties":{"username":{"type":"string"},)"
                               R"("password":{"type":"string"},"id_token":{"type":"string"},)"
                               R"("code":{"type":"string"},"redirect_uri":{"type":"string"},)"
                               R"("code_verifier":{"type":"string"}}})",
              .responseSchema = kTokensSchema});
  if (local_) {
    router.add({.method = "POST",
                .path = "/api/register/",
                .access = Access::Public,
                .handler =
                    [this](Request& request) {
                      return throttled(
                          request, [this](Request& r, std::string&) { return registerAccount(r); });
                    },
                .summary = "Create a local account and log in",
                .requestSchema = R"({"type":"object","required":["username","password"],)"
                                 R"("properties":{"username":{"type":"string","maxLength":150},)"
                                 R"("password":{"type":"string","minLength":8},)"
                                 R"("email":{"type":"string"}}})",
                .responseSchema = kTokensSchema,
                .successStatus = 201});
  }
  router.add({.method = "POST",
              .path = "/api/token/refresh/",
              .access = Access::Public,
              .handler = [this](Request& request) { return refresh(request); },
              .summary = "Trade a refresh token for new tokens (the used one is revoked)",
              .requestSchema = R"({"type":"object","required":["refresh"],)"
                               R"("properties":{"refresh":{"type":"string"}}})",
              .responseSchema = kTokensSchema});
  router.add({.method = "POST",
              .path = "/api/logout/",
              .access = Access::Authenticated,
              .handler = [this](Request& request) { return logout(request); },
              .summary = "Revoke a refresh token and every token rotated from the same login",
              .requestSchema = R"({"type":"object","required":["refresh"],)"
                               R"("properties":{"refresh":{"type":"string"}}})",
              .successStatus = 204});
  router.add(
      {.method = "GET",
       .path = "/api/me/",
       .access = Access::Authenticated,
       .handler = [this](Request& request) { return me(request); },
       .summary = "The calling principal",
       .responseSchema =
           R"({"type":"object","properties":{"sub":{"type":"string"},)"
           R"("username":{"type":"string"},"roles":{"type":"array","items":{"type":"string"}},)"
           R"("staff":{"type":"boolean"},"customer_id":{"type":["integer","null"]}}})"});
}

void AuthRoutes::refuse(Request& request, const std::string& method, const std::string& username,
                        const std::string& why) {
  log_.notice("login refused (%s, request %s): %s", method, request.requestId(), why);
  Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
  payload->set("username", username.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(username));
  payload->set("method", method);
  db_.write(EventContext::of(request),
            [&](Transaction& tx) { tx.publish("auth.login_failed", payload); });
  throw unauthorized(kLoginFailed);
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
    tx.publish("auth.login", loginEvent(principal, method));
    return issued;
  });
  return Response::json(200, tokens.toJson()).withHeader("Cache-Control", "no-store");
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
    Request& request, const std::function<Response(Request&, std::string& accountKey)>& attempt) {
  const std::string& client = request.clientAddress();
  refuseIfThrottled(throttle_, client, "");
  std::string accountKey;
  try {
    Response response = attempt(request, accountKey);
    if (!accountKey.empty())
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
  if (body.has("id_token")) {
    const auto idToken = body.string("id_token", true, 1, kMaxTokenBytes);
    body.finish();
    if (!verifier_)
      refuse(request, "id_token", "", "OpenID Connect is not configured");
    Account account;
    const Principal principal = providerLogin(request, *idToken, "id_token", account);
    return signIn(request, principal, "id_token", &account);
  }
  if (body.has("code")) {
    const auto code = body.string("code", true, 1, kMaxCodeLength);
    const auto redirectUri = body.string("redirect_uri", true, 1, kMaxCodeLength);
    const auto verifier = body.string("code_verifier", false, 43, 128);
    body.finish();
    if (!provider_ || !verifier_)
      refuse(request, "code", "", "OpenID Connect is not configured");
    std::string idToken;
    try {
      idToken = provider_->exchangeCode(*code, *redirectUri, verifier.value_or(""));
    } catch (const std::exception& e) {
      refuse(request, "code", "", std::string("code exchange failed: ") + e.what());
    }
    Account account;
    const Principal principal = providerLogin(request, idToken, "code", account);
    return signIn(request, principal, "code", &account);
  }
  const auto username = body.string("username", true, 1, kMaxCredentialLength);
  const auto password = body.string("password", true, 1, kMaxCredentialLength);
  body.finish();
  accountKey = usernameKey(*username);
  refuseIfThrottled(throttle_, request.clientAddress(), accountKey);
  if (!local_)
    refuse(request, "password", *username, "local accounts are disabled");
  const auto account = local_->authenticate(*username, *password);
  if (!account)
    refuse(request, "password", *username, "unknown username or wrong password");
  return signIn(request, TokenSessions::principalOf(*account), "password", nullptr);
}

Response AuthRoutes::registerAccount(Request& request) {
  JsonBody body(request);
  NewAccount fresh;
  const auto username = body.string("username", true, 1, 150);
  const auto password = body.string("password", true, 1, kMaxCredentialLength);
  const auto email = body.string("email", false, 1, 254);
  body.finish();
  fresh.username = *username;
  fresh.password = *password;
  fresh.email = email.value_or("");
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
  return Response::json(201, tokens->toJson()).withHeader("Cache-Control", "no-store");
}

Response AuthRoutes::refresh(Request& request) {
  JsonBody body(request);
  const auto token = body.string("refresh", true, 1, kMaxTokenBytes);
  body.finish();
  const auto tokens = sessions_.refresh(db_, EventContext::of(request), *token);
  if (!tokens)
    throw unauthorized("The refresh token is not valid.");
  return Response::json(200, tokens->toJson()).withHeader("Cache-Control", "no-store");
}

Response AuthRoutes::logout(Request& request) {
  JsonBody body(request);
  const auto token = body.string("refresh", true, 1, kMaxTokenBytes);
  body.finish();
  if (!sessions_.logout(db_, EventContext::of(request), *token, request.caller().subject)) {
    throw unprocessable("That is not a refresh token of this account.",
                        {{"refresh", {"is not a valid refresh token of this account"}}});
  }
  return Response::noContent();
}

Response AuthRoutes::me(Request& request) {
  const Principal& caller = request.caller();
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("sub", caller.subject);
  json->set("username", caller.username);
  Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
  for (const auto& role : caller.roles)
    roles->add(role);
  json->set("roles", roles);
  json->set("staff", caller.isStaff());
  json->set("customer_id",
            caller.customerId ? Poco::Dynamic::Var(*caller.customerId) : Poco::Dynamic::Var());
  return Response::json(200, json);
}

}  // namespace duka::auth
