// RefreshTokenStore: the auth_refresh_tokens table: every refresh token duka issued, so
// that rotation, logout and reuse detection hold across several instances.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <string>

#include "token_issuer.hpp"

namespace duka::auth {

enum class RotationResult {
  Rotated,  // the token was live and is now revoked: issue its successor
  Reused,   // the token had been revoked already: its whole family is revoked now
  Unknown,  // no such token, or it expired
};

class RefreshTokenStore {
 public:
  void record(Transaction& tx, const SignedRefreshToken& token, const std::string& subject);
  // rotate revokes a live token; of several concurrent callers exactly one gets Rotated.
  RotationResult rotate(Transaction& tx, const std::string& id, const std::string& family);
  // revokeFamily revokes every live token descending from the same login (logout).
  void revokeFamily(Transaction& tx, const std::string& family);
  // deleteExpired drops rows whose token can no longer be used anyway.
  void deleteExpired(Transaction& tx);
};

}  // namespace duka::auth
