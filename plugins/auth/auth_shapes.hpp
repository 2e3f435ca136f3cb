// auth_shapes: the wire shapes of the auth plugin's routes: the tokens every login answers,
// the bodies of login, register and refresh, and the principal GET /api/me/ shows.
#pragma once

#include <duka/principal.hpp>
#include <duka/shape.hpp>
#include <string>

#include "compact_jws.hpp"
#include "local_accounts.hpp"
#include "token_sessions.hpp"

namespace duka::auth {

inline constexpr std::size_t kMaxCredentialLength = 1024;
inline constexpr std::size_t kMaxCodeLength = 4096;

// Credentials is a login's body: a username and password, an ID token, or a code.
struct Credentials {
  std::string username;
  std::string password;
  std::string idToken;
  std::string code;
  std::string redirectUri;
  std::string codeVerifier;
};

// LoginOptions are the ways to log in that a sign-in page offers (GET /api/login/options/).
struct LoginOptions {
  bool password = false;
  bool openid = false;
  std::string authorizationEndpoint;  // "" while the provider cannot be reached
  std::string clientId;
  std::string scope;
};

inline const Shape<LoginOptions>& loginOptionsShape() {
  static const Shape<LoginOptions> shape =
      Shape<LoginOptions>("LoginOptions", "The ways to log in that a sign-in page offers")
          .field("password", &LoginOptions::password,
                 {.description = "Local accounts: username and password", .readOnly = true})
          .field("openid", &LoginOptions::openid,
                 {.description = "OpenID Connect: the authorization code flow with PKCE, the "
                                 "code then posted to /api/login/",
                  .readOnly = true})
          .field("authorization_endpoint", &LoginOptions::authorizationEndpoint,
                 {.description = "The provider's, from its discovery document; null when "
                                 "OpenID Connect is off or the provider cannot be reached",
                  .nullable = true,
                  .readOnly = true})
          .field("client_id", &LoginOptions::clientId,
                 {.description = "duka's client id at the provider",
                  .nullable = true,
                  .readOnly = true})
          .field("scope", &LoginOptions::scope,
                 {.description = "The scope to ask for", .nullable = true, .readOnly = true});
  return shape;
}

// RefreshToken is the body of /api/token/refresh/ and /api/logout/.
struct RefreshToken {
  std::string refresh;
};

inline const Shape<TokenPair>& tokensShape() {
  static const Shape<TokenPair> shape =
      Shape<TokenPair>("Tokens", "duka's own tokens")
          .field("access", &TokenPair::access,
                 {.description = "A bearer token (JWT)", .readOnly = true})
          .field("refresh", &TokenPair::refresh,
                 {.description = "Trades for new tokens once", .readOnly = true})
          .computed("token_type", [](const TokenPair&) { return std::string("Bearer"); },
                    {.choices = {"Bearer"}})
          .field("expires_in", &TokenPair::expiresIn,
                 {.description = "Seconds the access token lives", .readOnly = true});
  return shape;
}

inline const Shape<Credentials>& credentialsShape() {
  static const Shape<Credentials> shape =
      Shape<Credentials>("Credentials",
                         "username and password; or id_token; or code and redirect_uri "
                         "(code_verifier with PKCE)")
          .field("username", &Credentials::username, {.maxLength = kMaxCredentialLength})
          .field("password", &Credentials::password, {.maxLength = kMaxCredentialLength})
          .field("id_token", &Credentials::idToken,
                 {.description = "An ID token of the OpenID provider", .maxLength = kMaxTokenBytes})
          .field("code", &Credentials::code,
                 {.description = "An authorization code of the OpenID provider",
                  .maxLength = kMaxCodeLength})
          .field("redirect_uri", &Credentials::redirectUri,
                 {.description = "The redirect_uri the code was issued for",
                  .maxLength = kMaxCodeLength})
          .field("code_verifier", &Credentials::codeVerifier,
                 {.description = "PKCE", .minLength = 43, .maxLength = 128});
  return shape;
}

inline const Shape<NewAccount>& newAccountShape() {
  static const Shape<NewAccount> shape =
      Shape<NewAccount>("NewAccount", "A local account")
          .field("username", &NewAccount::username,
                 {.description = "Unique after Unicode NFKC normalisation and case folding",
                  .required = true,
                  .maxLength = 150})
          .field("password", &NewAccount::password,
                 {.description = "At least 8 characters",
                  .required = true,
                  .maxLength = kMaxCredentialLength})
          .field("email", &NewAccount::email, {.maxLength = 254});
  return shape;
}

inline const Shape<RefreshToken>& refreshTokenShape() {
  static const Shape<RefreshToken> shape =
      Shape<RefreshToken>("RefreshToken")
          .field("refresh", &RefreshToken::refresh,
                 {.required = true, .maxLength = kMaxTokenBytes});
  return shape;
}

inline const Shape<Principal>& principalShape() {
  static const Shape<Principal> shape =
      Shape<Principal>("Principal", "Who is calling")
          .field("sub", &Principal::subject,
                 {.description = "Stable across logins", .readOnly = true})
          .field("username", &Principal::username, {.readOnly = true})
          .field("roles", &Principal::roles, {.description = "staff, or none", .readOnly = true})
          .computed("staff", &Principal::isStaff)
          .computed("customer_id", [](const Principal& p) { return p.link("customer"); },  // SPEC 5
                    {.description = "The customer profile linked to this login",
                     .nullable = true,
                     .readOnly = true});
  return shape;
}

}  // namespace duka::auth
