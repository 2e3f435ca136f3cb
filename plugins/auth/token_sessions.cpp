#include "token_sessions.hpp"

namespace duka::auth {

Principal TokenSessions::principalOf(const Account& account) {
  Principal principal;
  principal.subject = account.subject;
  principal.username = account.username;
  if (account.staff)
    principal.roles.push_back(kStaffRole);
  return principal;
}

TokenPair TokenSessions::issue(Transaction& tx, const Principal& principal) {
  const SignedRefreshToken refresh = issuer_.issueRefresh(principal.subject, "");
  store_.record(tx, refresh, principal.subject);
  return {issuer_.issueAccess(principal), refresh.token, issuer_.accessTtl().count()};
}

std::optional<TokenPair> TokenSessions::refresh(Database& db, const EventContext& context,
                                                const std::string& refreshToken) {
  const auto claims = issuer_.verifyRefresh(refreshToken);
  if (!claims)
    return std::nullopt;
  const auto account = accounts_.findBySubject(claims->subject);
  return db.transact(context, [&](Transaction& tx) -> std::optional<TokenPair> {
    // The rotation commits even when the answer is a refusal: a reuse must stay revoked.
    if (store_.rotate(tx, claims->id, claims->family) != RotationResult::Rotated || !account)
      return std::nullopt;
    const SignedRefreshToken next = issuer_.issueRefresh(claims->subject, claims->family);
    store_.record(tx, next, claims->subject);
    return TokenPair{issuer_.issueAccess(principalOf(*account)), next.token,
                     issuer_.accessTtl().count()};
  });
}

bool TokenSessions::logout(Database& db, const EventContext& context,
                           const std::string& refreshToken, const std::string& subject) {
  const auto claims = issuer_.verifyRefresh(refreshToken);
  if (!claims || claims->subject != subject)
    return false;
  db.write(context, [&](Transaction& tx) { store_.revokeFamily(tx, claims->family); });
  return true;
}

}  // namespace duka::auth
