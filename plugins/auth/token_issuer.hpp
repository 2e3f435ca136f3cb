// TokenIssuer: duka's own tokens: HS256 JWTs signed with the token secret. An access token
// (typ "access") carries the principal; a refresh token (typ "refresh") carries only the
// subject, its id (jti) and its rotation family, and is also recorded in the database.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <duka/principal.hpp>
#include <optional>
#include <string>

namespace duka::auth {

// kTokenIssuer is the "iss" of every token duka signs.
inline constexpr const char* kTokenIssuer = "duka";

struct SignedRefreshToken {
  std::string token;
  std::string id;              // jti
  std::string family;          // the login it descends from
  std::int64_t expiresAt = 0;  // seconds since the epoch
};

struct RefreshClaims {
  std::string id;
  std::string family;
  std::string subject;
};

class TokenIssuer {
 public:
  TokenIssuer(std::string secret, std::chrono::seconds accessTtl, std::chrono::seconds refreshTtl);

  std::string issueAccess(const Principal& principal) const;
  // issueRefresh starts a new family when family is empty.
  SignedRefreshToken issueRefresh(const std::string& subject, const std::string& family) const;

  // verifyAccess returns the principal of a valid access token of ours (signature, alg
  // HS256, iss, typ, exp, iat), or nothing; expiresAt, when given, receives its "exp".
  std::optional<Principal> verifyAccess(const std::string& token,
                                        std::int64_t* expiresAt = nullptr) const;
  std::optional<RefreshClaims> verifyRefresh(const std::string& token) const;

  std::chrono::seconds accessTtl() const { return accessTtl_; }

 private:
  // verified returns the payload of a token with our signature and the given typ.
  Poco::JSON::Object::Ptr verified(const std::string& token, const std::string& type) const;
  std::string sign(Poco::JSON::Object::Ptr payload) const;

  std::string secret_;
  std::chrono::seconds accessTtl_;
  std::chrono::seconds refreshTtl_;
};

// newTokenId returns 128 random bits as 32 hex digits.
std::string newTokenId();

}  // namespace duka::auth
