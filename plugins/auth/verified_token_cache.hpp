// VerifiedTokenCache: bearer tokens that passed verification, with their principal, until
// they expire, so that a client's every request does not parse and check the same JWT
// again. Only successes are kept (a flood of bad tokens cannot fill it), and a hit is the
// exact token text verified before; access tokens are not revocable, so the answer is the
// one a fresh check would give until "exp".
#pragma once

#include <cstdint>
#include <duka/principal.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace duka::auth {

class VerifiedTokenCache {
 public:
  static constexpr std::size_t kMaxTokens = 10000;

  // find returns the principal of token when it was verified and has not expired at now.
  std::optional<Principal> find(const std::string& token, std::int64_t now) const;
  void remember(const std::string& token, const Principal& principal, std::int64_t expiresAt);

 private:
  struct Entry {
    Principal principal;
    std::int64_t expiresAt;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> tokens_;
};

}  // namespace duka::auth
