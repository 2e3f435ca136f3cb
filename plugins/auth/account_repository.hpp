// AccountRepository: the auth_accounts table: local accounts (with a password hash) and
// accounts of OpenID provider users (recorded at each login). SQL lives here only.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::auth {

struct Account {
  std::int64_t id = 0;
  std::string subject;
  std::string username;
  std::string email;
  std::string passwordHash;  // empty for provider users
  bool staff = false;
  std::string source;  // "local" or "oidc"
  std::string createdAt;
};

class AccountRepository {
 public:
  explicit AccountRepository(Database& db) : db_(db) {}

  // findLocal finds a local account by username, compared by usernameKey.
  std::optional<Account> findLocal(const std::string& username);
  std::optional<Account> findBySubject(const std::string& subject);
  // insertLocal stores a new local account and fills its id; false when the username is
  // taken (whatever its case), also by a concurrent transaction.
  bool insertLocal(Transaction& tx, Account& account);
  // upsertProvider records a provider user at login: created once, then kept current.
  void upsertProvider(Transaction& tx, const Account& account);
  void recordLogin(Transaction& tx, const std::string& subject);
  // rekeyLocalUsernames stores each local account's current usernameKey where an older
  // rule (ASCII case only) made another. An account whose new key another account already
  // has keeps its old one, and logging in by that name reaches the other account; their
  // usernames are returned for the operator.
  std::vector<std::string> rekeyLocalUsernames();

 private:
  std::optional<Account> findOne(const std::string& where, const std::string& value);
  Database& db_;
};

// usernameKey is the form usernames are compared in: Unicode NFKC with case folding
// (ICU's NFKC_Casefold), so "ａmina" and "Amina" are "amina", and "amína" is one key
// whether it arrives composed (NFC) or decomposed (NFD).
std::string usernameKey(const std::string& username);

}  // namespace duka::auth
