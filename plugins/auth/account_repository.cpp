#include "account_repository.hpp"

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
  std::optional<Account> found;
  db_.run(
      "SELECT id, subject, username, COALESCE(email, ''), COALESCE(password_hash, ''), staff, "
      "source, created_at FROM auth_accounts WHERE " +
          where,
      {value}, [&](const SqlRow& row) {
        Account account;
        account.id = row.integer(0);
        account.subject = row.text(1);
        account.username = row.text(2);
        account.email = row.text(3);
        account.passwordHash = row.text(4);
        account.staff = row.integer(5) != 0;
        account.source = row.text(6);
        account.createdAt = row.text(7);
        found = std::move(account);
      });
  return found;
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
  account.id = 0;
  // RETURNING gives no row when ON CONFLICT did nothing (and SQLite's last inserted id
  // would be another row's then).
  tx.run(
      "INSERT INTO auth_accounts (subject, username, username_key, email, password_hash, "
      "staff, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'local', $7) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {account.subject, account.username, usernameKey(account.username), nullIfEmpty(account.email),
       account.passwordHash, std::int64_t{account.staff ? 1 : 0}, account.createdAt},
      [&](const SqlRow& row) { account.id = row.integer(0); });
  return account.id > 0;
}

void AccountRepository::upsertProvider(Transaction& tx, const Account& account) {
  const std::string at = nowRfc3339();
  tx.run(
      "INSERT INTO auth_accounts (subject, username, username_key, email, staff, source, "
      "created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, 'oidc', $6, $6) "
      "ON CONFLICT (subject) DO UPDATE SET username = excluded.username, "
      "username_key = excluded.username_key, email = excluded.email, "
      "staff = excluded.staff, last_login_at = excluded.last_login_at",
      {account.subject, account.username, usernameKey(account.username), nullIfEmpty(account.email),
       std::int64_t{account.staff ? 1 : 0}, at});
}

void AccountRepository::recordLogin(Transaction& tx, const std::string& subject) {
  tx.run("UPDATE auth_accounts SET last_login_at = $1 WHERE subject = $2", {nowRfc3339(), subject});
}

}  // namespace duka::auth
