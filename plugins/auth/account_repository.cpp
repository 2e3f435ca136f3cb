#include "account_repository.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <duka/rows.hpp>
#include <stdexcept>

namespace duka::auth {

std::string usernameKey(const std::string& username) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* folding = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU's NFKC_Casefold is unavailable: ") +
                             u_errorName(status));
  const icu::UnicodeString folded =
      folding->normalize(icu::UnicodeString::fromUTF8(username), status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("cannot fold a username: ") + u_errorName(status));
  std::string key;
  folded.toUTF8String(key);
  return key;
}

namespace {

const Rows<Account> kAccountRows = Rows<Account>("auth_accounts")
                                       .column("id", &Account::id)
                                       .column("subject", &Account::subject)
                                       .column("username", &Account::username)
                                       .column("email", &Account::email)
                                       .column("password_hash", &Account::passwordHash)
                                       .column("staff", &Account::staff)
                                       .column("source", &Account::source)
                                       .column("created_at", &Account::createdAt);

}  // namespace

std::optional<Account> AccountRepository::findOne(const std::string& where,
                                                  const std::string& value) {
  return kAccountRows.one(db_, "WHERE " + where, {value});
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

std::vector<std::string> AccountRepository::rekeyLocalUsernames() {
  struct Stale {
    std::int64_t id;
    std::string username;
    std::string storedKey;
    std::string key;
  };
  std::vector<Stale> stale;
  db_.run("SELECT id, username, username_key FROM auth_accounts WHERE source = 'local'", {},
          [&](const SqlRow& row) {
            std::string key = usernameKey(row.text(1));
            if (key != row.text(2))
              stale.push_back({row.integer(0), row.text(1), row.text(2), std::move(key)});
          });
  std::vector<std::string> clashes;
  for (const auto& account : stale) {
    try {
      db_.write(EventContext::system("auth"), [&](Transaction& tx) {
        tx.run("UPDATE auth_accounts SET username_key = $1 WHERE id = $2 AND username_key = $3",
               {account.key, account.id, account.storedKey});
      });
    } catch (const std::exception& e) {
      if (!isUniqueViolation(e))
        throw;
      clashes.push_back(account.username);
    }
  }
  return clashes;
}

}  // namespace duka::auth
