// ApiKeys: making API keys and telling who calls with one (SPEC 11). A key is
// "duka_" + an 8-character prefix + "_" + a 40-character secret, both base62 from the
// system's random generator. The prefix finds the stored key; the SHA-256 of the whole key
// is compared in constant time. What the database says of a prefix is kept for at most 1 s,
// so a revocation or an expiry reaches every instance within 1 s. Bad keys count against
// the client's address in the login throttle; last_used_at is written at most once a
// minute per key and instance. A key is never logged.
#pragma once

#include <chrono>
#include <duka/facility/identity.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api_key_store.hpp"
#include "login_throttle.hpp"

namespace duka::auth {

// kScopes are the scopes a key may hold.
const std::vector<std::string>& apiKeyScopes();

class ApiKeys {
 public:
  using Clock = std::chrono::steady_clock;

  ApiKeys(ApiKeyStore& store, LoginThrottle& throttle) : store_(store), throttle_(throttle) {}

  struct Made {
    std::string prefix;
    std::string key;         // the whole key, shown once
    std::string secretHash;  // what is stored
  };
  static Made make();
  static bool isKey(const std::string& token) { return token.rfind("duka_", 0) == 0; }

  // authenticate answers the key's principal ("key:<id>", staff limited to its scopes), or
  // none for a key that is malformed, unknown, wrong, revoked or expired. It throws 429
  // while client is throttled for failures.
  std::optional<Principal> authenticate(const std::string& token, const std::string& client);
  // forget drops what this instance keeps of prefix (its own revocation applies at once).
  void forget(const std::string& prefix);

 private:
  struct Cached {
    std::optional<StoredKey> key;  // none: no such prefix
    Clock::time_point fetched;
  };
  std::optional<StoredKey> lookUp(const std::string& prefix, Clock::time_point now);
  void touch(std::int64_t id, Clock::time_point now);

  ApiKeyStore& store_;
  LoginThrottle& throttle_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
  std::unordered_map<std::int64_t, Clock::time_point> touched_;
};

}  // namespace duka::auth
