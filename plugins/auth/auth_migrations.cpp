#include "auth_migrations.hpp"

namespace duka::auth {

std::vector<Migration> schema() {
  return {{.version = 1,
           .description = "accounts, refresh tokens, secrets",
           .statements = {"CREATE TABLE auth_accounts ("
                          " id {{id}},"
                          " subject TEXT NOT NULL UNIQUE,"
                          " username TEXT NOT NULL,"
                          " username_key TEXT NOT NULL,"
                          " email TEXT,"
                          " password_hash TEXT,"
                          " staff INTEGER NOT NULL DEFAULT 0,"
                          " source TEXT NOT NULL CHECK (source IN ('local', 'oidc')),"
                          " created_at TEXT NOT NULL,"
                          " last_login_at TEXT)",
                          // Local usernames are unique whatever their case; provider users may
                          // share a name with a local account, as their subjects differ.
                          "CREATE UNIQUE INDEX auth_accounts_local_username"
                          " ON auth_accounts (username_key) WHERE source = 'local'",
                          "CREATE TABLE auth_refresh_tokens ("
                          " id TEXT PRIMARY KEY,"
                          " family TEXT NOT NULL,"
                          " subject TEXT NOT NULL,"
                          " expires_at BIGINT NOT NULL,"
                          " created_at TEXT NOT NULL,"
                          " revoked_at TEXT)",
                          "CREATE INDEX auth_refresh_tokens_family ON auth_refresh_tokens (family)",
                          "CREATE TABLE auth_secrets ("
                          " name TEXT PRIMARY KEY,"
                          " value TEXT NOT NULL,"
                          " created_at TEXT NOT NULL)"},
           .postgresql = {}},
          {.version = 2,
           .description = "API keys (SPEC 11): a hash of each key, never the key",
           .statements = {"CREATE TABLE auth_api_keys ("
                          " id {{id}},"
                          " name TEXT NOT NULL,"
                          " prefix TEXT NOT NULL UNIQUE,"
                          " secret_hash TEXT NOT NULL,"
                          " scopes TEXT NOT NULL,"
                          " created_by TEXT NOT NULL,"
                          " created_at TEXT NOT NULL,"
                          " expires_at TEXT,"
                          " revoked_at TEXT,"
                          " last_used_at TEXT)"},
           .postgresql = {}}};
}

}  // namespace duka::auth
