#include "refresh_token_store.hpp"

#include "claim_reader.hpp"

namespace duka::auth {

void RefreshTokenStore::record(Transaction& tx, const SignedRefreshToken& token,
                               const std::string& subject) {
  tx.run(
      "INSERT INTO auth_refresh_tokens (id, family, subject, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {token.id, token.family, subject, std::int64_t{token.expiresAt}, nowRfc3339()});
}

RotationResult RefreshTokenStore::rotate(Transaction& tx, const std::string& id,
                                         const std::string& family) {
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE auth_refresh_tokens SET revoked_at = $1 "
             "WHERE id = $2 AND revoked_at IS NULL AND expires_at > $3",
             {at, id, std::int64_t{unixNow()}}) == 1)  // this caller revoked it
    return RotationResult::Rotated;

  bool revoked = false;
  tx.run("SELECT revoked_at FROM auth_refresh_tokens WHERE id = $1", {id},
         [&](const SqlRow& row) { revoked = !row.isNull(0); });
  if (!revoked)
    return RotationResult::Unknown;
  // A revoked token coming back means two parties hold the chain: end it for both.
  revokeFamily(tx, family);
  return RotationResult::Reused;
}

void RefreshTokenStore::revokeFamily(Transaction& tx, const std::string& family) {
  tx.run("UPDATE auth_refresh_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL",
         {nowRfc3339(), family});
}

void RefreshTokenStore::deleteExpired(Transaction& tx) {
  tx.run("DELETE FROM auth_refresh_tokens WHERE expires_at <= $1", {std::int64_t{unixNow()}});
}

}  // namespace duka::auth
