// TokenSessions: the tokens a signed-in user holds: issue a pair at login, rotate it at
// refresh (the used refresh token is revoked; a reused one ends its whole family), and
// end it at logout.
#pragma once

#include <Poco/JSON/Object.h>

#include <duka/database.hpp>
#include <duka/principal.hpp>
#include <optional>
#include <string>

#include "account_repository.hpp"
#include "refresh_token_store.hpp"
#include "token_issuer.hpp"

namespace duka::auth {

struct TokenPair {
  std::string access;
  std::string refresh;
  std::int64_t expiresIn = 0;
};

class TokenSessions {
 public:
  TokenSessions(const TokenIssuer& issuer, AccountRepository& accounts)
      : issuer_(issuer), accounts_(accounts) {}

  // issue starts a new session for principal inside tx.
  TokenPair issue(Transaction& tx, const Principal& principal);
  // refresh rotates a refresh token; nothing for any token that is not live. The new
  // access token carries the account's current roles.
  std::optional<TokenPair> refresh(Database& db, const EventContext& context,
                                   const std::string& refreshToken);
  // logout ends the session of refreshToken when it belongs to subject; false otherwise.
  bool logout(Database& db, const EventContext& context, const std::string& refreshToken,
              const std::string& subject);
  // principalOf is the principal of a recorded account.
  static Principal principalOf(const Account& account);

 private:
  const TokenIssuer& issuer_;
  AccountRepository& accounts_;
  RefreshTokenStore store_;
};

}  // namespace duka::auth
