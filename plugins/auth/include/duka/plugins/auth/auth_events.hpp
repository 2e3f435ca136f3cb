// duka/plugins/auth/auth_events.hpp: the events the auth plugin publishes and their
// payloads, declared once. Subscribers list "auth" in requires and read a payload with its
// shape's view(). No password, hash or token is ever in a payload.
#pragma once

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

// user.registered: a local account was created (POST /api/register/ or --add-user).
inline constexpr EventType<RegisteredUser> kUserRegistered{"user.registered", registeredUserShape};
// auth.login: a login succeeded and tokens were issued.
inline constexpr EventType<Login> kLogin{"auth.login", loginShape};
// auth.login_failed: a login was refused (the username as given, when there was one).
inline constexpr EventType<LoginFailed> kLoginFailed{"auth.login_failed", loginFailedShape};

}  // namespace duka::auth
