// ApiKeyStore: the auth_api_keys table. SQL lives here only. A key's secret is never
// stored: only the SHA-256 of the whole key (the secret has 238 bits of entropy, so a fast
// hash is enough), compared in constant time.
#pragma once

#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/plugins/auth/auth_events.hpp>
#include <optional>
#include <string>

namespace duka::auth {

// StoredKey is what authenticating a key needs.
struct StoredKey {
  std::int64_t id = 0;
  std::string name;
  std::string secretHash;  // hex SHA-256 of the whole key
  std::vector<std::string> scopes;
  std::string expiresAt;  // "" when it does not expire
  bool revoked = false;
};

class ApiKeyStore {
 public:
  explicit ApiKeyStore(Database& db) : db_(db) {}

  // insert stores a new key (id and created_at filled in).
  void insert(Transaction& tx, ApiKey& key, const std::string& secretHash,
              const std::string& createdBy);
  // find answers a key that is not revoked.
  std::optional<ApiKey> find(std::int64_t id);
  Listing<ApiKey> list(const Page& page);
  // revoke marks the key revoked; false when there is no such key not yet revoked.
  bool revoke(Transaction& tx, std::int64_t id);
  // byPrefix answers the key with that prefix, revoked or not.
  std::optional<StoredKey> byPrefix(const std::string& prefix);
  void touch(std::int64_t id, const std::string& at);

 private:
  Database& db_;
};

// scopeList and scopeText convert between a key's scopes and their stored form.
std::vector<std::string> scopeList(const std::string& text);
std::string scopeText(const std::vector<std::string>& scopes);

}  // namespace duka::auth
