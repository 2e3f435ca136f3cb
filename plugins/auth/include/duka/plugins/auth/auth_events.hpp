// duka/plugins/auth/auth_events.hpp: the events the auth plugin publishes and their
// payloads, declared once. Subscribers list "auth" in requires and read a payload with its
// shape's view(). No password, hash or token is ever in a payload.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::auth {

// The values of a login's "method".
inline constexpr const char* kByPassword = "password";
inline constexpr const char* kByIdToken = "id_token";
inline constexpr const char* kByCode = "code";

struct RegisteredUser {
  std::string subject;
  std::string username;
  std::string email;  // "" when none
  std::vector<std::string> roles;
  std::string createdAt;
};

struct Login {
  std::string subject;
  std::string username;
  std::string method;
};

struct LoginFailed {
  std::string username;  // "" when the attempt named none (a bad ID token)
  std::string method;
};

inline const Shape<RegisteredUser>& registeredUserShape() {
  static const Shape<RegisteredUser> shape =
      Shape<RegisteredUser>("RegisteredUser", "The payload of user.registered")
          .field("sub", &RegisteredUser::subject, {.description = "The account's stable subject"})
          .field("username", &RegisteredUser::username)
          .field("email", &RegisteredUser::email,
                 {.nullable = true, .minLength = 0, .maxLength = 254})
          .field("roles", &RegisteredUser::roles, {.description = "\"staff\" or none"})
          .field("created_at", &RegisteredUser::createdAt, {.format = "date-time"});
  return shape;
}

inline const Shape<Login>& loginShape() {
  static const Shape<Login> shape = Shape<Login>("Login", "The payload of auth.login")
                                        .field("sub", &Login::subject)
                                        .field("username", &Login::username)
                                        .field("method", &Login::method,
                                               {.description = "How the caller proved who it is",
                                                .choices = {kByPassword, kByIdToken, kByCode}});
  return shape;
}

inline const Shape<LoginFailed>& loginFailedShape() {
  static const Shape<LoginFailed> shape =
      Shape<LoginFailed>("LoginFailed", "The payload of auth.login_failed")
          .field("username", &LoginFailed::username, {.nullable = true, .minLength = 0})
          .field("method", &LoginFailed::method, {.choices = {kByPassword, kByIdToken, kByCode}});
  return shape;
}

// ApiKey is an API key as the API shows it (SPEC 11), never with its secret.
struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> scopes;
  std::string prefix;
  std::string key;  // the whole key: in the answer to its creation only, else ""
  std::string createdAt;
  std::string expiresAt;   // "" when it does not expire
  std::string lastUsedAt;  // "" when never used
};

inline const Shape<ApiKey>& apiKeyShape() {
  static const Shape<ApiKey> shape =
      Shape<ApiKey>("ApiKey", "A key another system calls duka with (its secret never shown)")
          .field("id", &ApiKey::id, {.readOnly = true})
          .field("name", &ApiKey::name, {.required = true, .minLength = 1, .maxLength = 100})
          .field("scopes", &ApiKey::scopes,
                 {.description = "What the key may do: customers:read, customers:write, "
                                 "inventory:read, inventory:write, orders:read, orders:write, "
                                 "payments:read, payments:write, audit:read, webhooks:manage",
                  .required = true,
                  .minItems = 1,
                  .maxItems = 10})
          .field("prefix", &ApiKey::prefix,
                 {.description = "The key's public part, to tell keys apart", .readOnly = true})
          .field("key", &ApiKey::key,
                 {.description = "duka_<prefix>_<secret>, to send as a bearer token: in the "
                                 "answer to POST /api/keys/ only (null elsewhere)",
                  .nullable = true,
                  .readOnly = true})
          .field("created_at", &ApiKey::createdAt, {.readOnly = true, .format = "date-time"})
          .field("expires_at", &ApiKey::expiresAt,
                 {.description = "When the key stops working; null: never",
                  .nullable = true,
                  .format = "date-time"})
          .field("last_used_at", &ApiKey::lastUsedAt,
                 {.description = "Updated at most once a minute",
                  .nullable = true,
                  .readOnly = true,
                  .format = "date-time"});
  return shape;
}

// key.created, key.revoked: an API key was made or revoked (the key without its secret).
inline constexpr EventType<ApiKey> kKeyCreated{"key.created", apiKeyShape};
inline constexpr EventType<ApiKey> kKeyRevoked{"key.revoked", apiKeyShape};

// user.registered: a local account was created (POST /api/register/ or --add-user).
inline constexpr EventType<RegisteredUser> kUserRegistered{"user.registered", registeredUserShape};
// auth.login: a login succeeded and tokens were issued.
inline constexpr EventType<Login> kLogin{"auth.login", loginShape};
// auth.login_failed: a login was refused (the username as given, when there was one).
inline constexpr EventType<LoginFailed> kLoginFailed{"auth.login_failed", loginFailedShape};

}  // namespace duka::auth
