#include "account_repository.hpp"

#include <Poco/Data/Statement.h>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::auth {

std::string usernameKey(const std::string& username) {
  std::string key = username;
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

std::optional<Account> AccountRepository::findOne(const std::string& where,
                                                  const std::string& value) {
  DbSession session = db_.session();
  Account account;
  Poco::Nullable<std::string> email, passwordHash;
  int staff = 0;
  std::string key = value;
  Poco::Data::Statement select(*session);
  select << "SELECT id, subject, username, email, password_hash, staff, source, created_at "
            "FROM auth_accounts WHERE " +
                where,
      use(key), into(account.id), into(account.subject), into(account.username), into(email),
      into(passwordHash), into(staff), into(account.source), into(account.createdAt);
  if (select.execute() == 0)
    return std::nullopt;
  account.email = email.isNull() ? "" : email.value();
  account.passwordHash = passwordHash.isNull() ? "" : passwordHash.value();
  account.staff = staff != 0;
  return account;
}

std::optional<Account> AccountRepository::findLocal(const std::string& username) {
  return findOne("username_key = $1 AND source = 'local'", usernameKey(username));
}

std::optional<Account> AccountRepository::findBySubject(const std::string& subject) {
  return findOne("subject = $1", subject);
}

bool AccountRepository::insertLocal(Transaction& tx, Account& account) {
  account.source = "local";
  account.createdAt = nowRfc3339();
  std::string key = usernameKey(account.username);
  Poco::Nullable<std::string> email;
  if (!account.email.empty())
    email = account.email;
  int staff = account.staff ? 1 : 0;
  Poco::Data::Statement insert(tx.session());
  insert << "INSERT INTO auth_accounts (subject, username, username_key, email, password_hash, "
            "staff, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'local', $7) "
            "ON CONFLICT DO NOTHING RETURNING id",
      use(account.subject), use(account.username), use(key), use(email), use(account.passwordHash),
      use(staff), use(account.createdAt), into(account.id);
  account.id = 0;
  insert.execute();
  return account.id > 0;  // RETURNING gives no row when ON CONFLICT did nothing
}

void AccountRepository::upsertProvider(Transaction& tx, const Account& account) {
  std::string at = nowRfc3339();
  std::string key = usernameKey(account.username);
  Poco::Nullable<std::string> email;
  if (!account.email.empty())
    email = account.email;
  int staff = account.staff ? 1 : 0;
  std::string subject = account.subject, username = account.username;
  tx.session() << "INSERT INTO auth_accounts (subject, username, username_key, email, staff, "
                  "source, created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, 'oidc', $6, $6) "
                  "ON CONFLICT (subject) DO UPDATE SET username = excluded.username, "
                  "username_key = excluded.username_key, email = excluded.email, "
                  "staff = excluded.staff, last_login_at = excluded.last_login_at",
      use(subject), use(username), use(key), use(email), use(staff), use(at), now;
}

void AccountRepository::recordLogin(Transaction& tx, const std::string& subject) {
  std::string at = nowRfc3339();
  std::string who = subject;
  tx.session() << "UPDATE auth_accounts SET last_login_at = $1 WHERE subject = $2", use(at),
      use(who), now;
}

}  // namespace duka::auth
