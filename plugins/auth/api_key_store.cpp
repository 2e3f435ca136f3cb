#include "api_key_store.hpp"

#include <Poco/StringTokenizer.h>

#include <duka/rows.hpp>

namespace duka::auth {

namespace {

// KeyRow is a row as stored: the scopes are one space-separated text.
struct KeyRow {
  std::int64_t id = 0;
  std::string name, scopes, prefix, createdAt, expiresAt, lastUsedAt;
};

const Rows<KeyRow> kKeyRows = Rows<KeyRow>("auth_api_keys")
                                  .column("id", &KeyRow::id)
                                  .column("name", &KeyRow::name)
                                  .column("scopes", &KeyRow::scopes)
                                  .column("prefix", &KeyRow::prefix)
                                  .column("created_at", &KeyRow::createdAt)
                                  .column("COALESCE(expires_at, '')", &KeyRow::expiresAt)
                                  .column("COALESCE(last_used_at, '')", &KeyRow::lastUsedAt);

ApiKey keyOf(KeyRow row) {
  return ApiKey{
      row.id, std::move(row.name),      scopeList(row.scopes),    std::move(row.prefix),
      "",     std::move(row.createdAt), std::move(row.expiresAt), std::move(row.lastUsedAt)};
}

}  // namespace

std::vector<std::string> scopeList(const std::string& text) {
  std::vector<std::string> scopes;
  for (const auto& scope :
       Poco::StringTokenizer(text, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY))
    scopes.push_back(scope);
  return scopes;
}

std::string scopeText(const std::vector<std::string>& scopes) {
  std::string text;
  for (const auto& scope : scopes)
    text += (text.empty() ? "" : " ") + scope;
  return text;
}

void ApiKeyStore::insert(Transaction& tx, ApiKey& key, const std::string& secretHash,
                         const std::string& createdBy) {
  key.createdAt = nowRfc3339();
  key.id = tx.insert(
      "INSERT INTO auth_api_keys (name, prefix, secret_hash, scopes, created_by, created_at, "
      "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {key.name, key.prefix, secretHash, scopeText(key.scopes), createdBy, key.createdAt,
       nullIfEmpty(key.expiresAt)});
}

std::optional<ApiKey> ApiKeyStore::find(std::int64_t id) {
  auto row = kKeyRows.one(db_, "WHERE id = $1 AND revoked_at IS NULL", {id});
  if (!row)
    return std::nullopt;
  return keyOf(std::move(*row));
}

Listing<ApiKey> ApiKeyStore::list(const Page& page) {
  Listing<KeyRow> rows = page.read(db_, kKeyRows, {.where = "revoked_at IS NULL"});
  Listing<ApiKey> keys;
  keys.count = rows.count;
  for (auto& row : rows.results)
    keys.results.push_back(keyOf(std::move(row)));
  return keys;
}

bool ApiKeyStore::revoke(Transaction& tx, std::int64_t id) {
  return tx.run("UPDATE auth_api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                {nowRfc3339(), id}) > 0;
}

std::optional<StoredKey> ApiKeyStore::byPrefix(const std::string& prefix) {
  std::optional<StoredKey> key;
  db_.run(
      "SELECT id, name, secret_hash, scopes, COALESCE(expires_at, ''), revoked_at IS NOT NULL "
      "FROM auth_api_keys WHERE prefix = $1",
      {prefix}, [&](const SqlRow& row) {
        key = StoredKey{row.integer(0),         row.text(1), row.text(2),
                        scopeList(row.text(3)), row.text(4), row.integer(5) != 0};
      });
  return key;
}

void ApiKeyStore::touch(std::int64_t id, const std::string& at) {
  db_.write(EventContext::system("auth"), [&](Transaction& tx) {
    tx.run("UPDATE auth_api_keys SET last_used_at = $1 WHERE id = $2", {at, id});
  });
}

}  // namespace duka::auth
