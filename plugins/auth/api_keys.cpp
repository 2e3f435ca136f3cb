#include "api_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <duka/facility/random_text.hpp>
#include <duka/http.hpp>
#include <stdexcept>

namespace duka::auth {

namespace {

constexpr std::size_t kPrefixLength = 8;
constexpr std::size_t kSecretLength = 40;  // 40 * log2(62) = 238 bits
constexpr auto kCacheFor = std::chrono::seconds(1);
constexpr auto kTouchEvery = std::chrono::minutes(1);
constexpr std::size_t kMaxCached = 10000;

std::string sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xf];
  }
  return hex;
}

}  // namespace

const std::vector<std::string>& apiKeyScopes() {
  static const std::vector<std::string> scopes{
      "customers:read", "customers:write", "inventory:read", "inventory:write", "orders:read",
      "orders:write",   "payments:read",   "payments:write", "audit:read",      "webhooks:manage"};
  return scopes;
}

ApiKeys::Made ApiKeys::make() {
  Made made;
  made.prefix = randomBase62(kPrefixLength);
  made.key = "duka_" + made.prefix + "_" + randomBase62(kSecretLength);
  made.secretHash = sha256Hex(made.key);
  return made;
}

std::optional<Principal> ApiKeys::authenticate(const std::string& token,
                                               const std::string& client) {
  if (const auto wait = throttle_.retryAfter(client, ""); wait.count() > 0)
    throw tooManyRequests("Too many failed attempts from this address; try again later.",
                          wait.count());
  const auto now = Clock::now();
  const std::size_t start = 5;  // after "duka_"
  const bool wellFormed = token.size() == start + kPrefixLength + 1 + kSecretLength &&
                          token[start + kPrefixLength] == '_';
  std::optional<StoredKey> key;
  if (wellFormed)
    key = lookUp(token.substr(start, kPrefixLength), now);
  const std::string hash = sha256Hex(token);
  const bool matches = key &&
                       CRYPTO_memcmp(hash.data(), key->secretHash.data(),
                                     std::min(hash.size(), key->secretHash.size())) == 0 &&
                       hash.size() == key->secretHash.size();
  if (!matches || key->revoked || (!key->expiresAt.empty() && key->expiresAt <= nowRfc3339())) {
    throttle_.recordFailure(client, "");
    return std::nullopt;
  }
  touch(key->id, now);
  Principal principal{"key:" + std::to_string(key->id), key->name, {kStaffRole, kApiKeyRole}, {}};
  for (const auto& scope : key->scopes)
    principal.roles.push_back(kScopeRolePrefix + scope);
  return principal;
}

std::optional<StoredKey> ApiKeys::lookUp(const std::string& prefix, Clock::time_point now) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = cache_.find(prefix);
    if (found != cache_.end() && now - found->second.fetched < kCacheFor)
      return found->second.key;
  }
  std::optional<StoredKey> key = store_.byPrefix(prefix);
  std::lock_guard<std::mutex> lock(mutex_);
  if (cache_.size() >= kMaxCached)
    cache_.clear();  // a flood of made-up prefixes costs reads, not memory
  cache_[prefix] = {key, now};
  return key;
}

void ApiKeys::touch(std::int64_t id, Clock::time_point now) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [at, added] = touched_.try_emplace(id, now);
    if (!added && now - at->second < kTouchEvery)
      return;
    at->second = now;
  }
  try {
    store_.touch(id, nowRfc3339());
  } catch (const std::exception&) {
    // The database is busy or away: the key still works; the next use tries again.
    std::lock_guard<std::mutex> lock(mutex_);
    touched_.erase(id);
  }
}

void ApiKeys::forget(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.erase(prefix);
}

}  // namespace duka::auth
