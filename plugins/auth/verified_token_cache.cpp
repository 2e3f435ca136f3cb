#include "verified_token_cache.hpp"

namespace duka::auth {

std::optional<Principal> VerifiedTokenCache::find(const std::string& token,
                                                  std::int64_t now) const {
  std::lock_guard lock(mutex_);
  const auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.expiresAt <= now)
    return std::nullopt;
  return it->second.principal;
}

void VerifiedTokenCache::remember(const std::string& token, const Principal& principal,
                                  std::int64_t expiresAt) {
  std::lock_guard lock(mutex_);
  if (tokens_.size() >= kMaxTokens)
    tokens_.clear();  // bounded; busy clients are verified once more and come back
  tokens_[token] = Entry{principal, expiresAt};
}

}  // namespace duka::auth
