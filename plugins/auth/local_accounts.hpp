// LocalAccounts: username + password accounts kept by duka: the rules for a new account,
// its creation (from POST /api/register/ and from `duka --add-user`), and password checks.
#pragma once

#include <duka/database.hpp>
#include <duka/facility/identity.hpp>
#include <duka/http.hpp>
#include <optional>
#include <string>

#include "account_repository.hpp"
#include "password_hasher.hpp"

namespace duka::auth {

struct NewAccount {
  std::string username;
  std::string password;
  std::string email;  // optional
  bool staff = false;
};

class LocalAccounts : public AccountAdmin {
 public:
  LocalAccounts(Database& db, AccountRepository& accounts, const PasswordHasher& hasher)
      : db_(db), accounts_(accounts), hasher_(hasher) {}

  // validate returns the broken rules by field (empty when the account may be created).
  static FieldErrors validate(const NewAccount& account);
  // create stores the account in tx and publishes user.registered; nothing when the
  // username is taken. The password is hashed before the transaction starts.
  std::optional<Account> create(Transaction& tx, const NewAccount& account,
                                const std::string& passwordHash);
  // authenticate returns the account when username and password match. Unknown users
  // and provider accounts cost as much time as a wrong password.
  std::optional<Account> authenticate(const std::string& username, const std::string& password);

  const PasswordHasher& hasher() const { return hasher_; }

  // AccountAdmin, for `duka --add-user`.
  void addLocalAccount(const std::string& username, const std::string& password,
                       bool staff) override;

 private:
  Database& db_;
  AccountRepository& accounts_;
  const PasswordHasher& hasher_;
};

// accountJson is an account as events and GET /api/me/ show it.
Poco::JSON::Object::Ptr accountJson(const Account& account);

// kMinPasswordLength and kMaxPasswordBytes bound a new password.
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

}  // namespace duka::auth
