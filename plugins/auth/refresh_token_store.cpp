#include "refresh_token_store.hpp"

#include <Poco/Data/Statement.h>

#include "claim_reader.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::auth {

void RefreshTokenStore::record(Transaction& tx, const SignedRefreshToken& token,
                               const std::string& subject) {
  std::string id = token.id, family = token.family, who = subject;
  Poco::Int64 expiresAt = token.expiresAt;
  std::string at = nowRfc3339();
  tx.session() << "INSERT INTO auth_refresh_tokens (id, family, subject, expires_at, created_at) "
                  "VALUES ($1, $2, $3, $4, $5)",
      use(id), use(family), use(who), use(expiresAt), use(at), now;
}

RotationResult RefreshTokenStore::rotate(Transaction& tx, const std::string& id,
                                         const std::string& family) {
  std::string at = nowRfc3339();
  Poco::Int64 unixTime = unixNow();
  std::string tokenId = id;
  std::string revoked;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE auth_refresh_tokens SET revoked_at = $1 "
            "WHERE id = $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING id",
      use(at), use(tokenId), use(unixTime), into(revoked);
  update.execute();
  if (!revoked.empty())  // RETURNING gave a row: this caller revoked it
    return RotationResult::Rotated;

  Poco::Nullable<std::string> revokedAt;
  Poco::Data::Statement select(tx.session());
  select << "SELECT revoked_at FROM auth_refresh_tokens WHERE id = $1", use(tokenId),
      into(revokedAt);
  if (select.execute() == 0 || revokedAt.isNull())
    return RotationResult::Unknown;
  // A revoked token coming back means two parties hold the chain: end it for both.
  revokeFamily(tx, family);
  return RotationResult::Reused;
}

void RefreshTokenStore::revokeFamily(Transaction& tx, const std::string& family) {
  std::string at = nowRfc3339();
  std::string fam = family;
  tx.session() << "UPDATE auth_refresh_tokens SET revoked_at = $1 "
                  "WHERE family = $2 AND revoked_at IS NULL",
      use(at), use(fam), now;
}

void RefreshTokenStore::deleteExpired(Transaction& tx) {
  Poco::Int64 unixTime = unixNow();
  tx.session() << "DELETE FROM auth_refresh_tokens WHERE expires_at <= $1", use(unixTime), now;
}

}  // namespace duka::auth
