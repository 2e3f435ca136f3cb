#include "login_throttle.hpp"

namespace duka::auth {

namespace {

std::string clientKey(const std::string& client) {
  return "c " + client;
}

std::string accountKeyOf(const std::string& client, const std::string& account) {
  return "a " + client + " " + account;
}

}  // namespace

LoginThrottle::LoginThrottle(ThrottleLimits limits, std::size_t maxKeys)
    : limits_(limits), maxKeys_(maxKeys) {}

std::chrono::seconds LoginThrottle::wait(const std::string& key, int limit, Clock::time_point now) {
  if (limit <= 0)
    return std::chrono::seconds(0);
  const auto found = entries_.find(key);
  if (found == entries_.end())
    return std::chrono::seconds(0);
  auto& failures = found->second.failures;
  while (!failures.empty() && failures.front() + limits_.window <= now)
    failures.pop_front();
  if (static_cast<int>(failures.size()) < limit)
    return std::chrono::seconds(0);
  // The oldest counted failure leaves the window first.
  const auto left = failures.front() + limits_.window - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

std::chrono::seconds LoginThrottle::retryAfter(const std::string& client,
                                               const std::string& accountKey,
                                               Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto longest = wait(clientKey(client), limits_.perClient, now);
  if (!accountKey.empty())
    longest = std::max(longest, wait(accountKeyOf(client, accountKey), limits_.perAccount, now));
  return longest;
}

void LoginThrottle::add(const std::string& key, int limit, Clock::time_point now) {
  if (limit <= 0)
    return;
  auto [entry, fresh] = entries_.try_emplace(key);
  if (fresh) {
    entry->second.recency = recency_.insert(recency_.end(), key);
    if (entries_.size() > maxKeys_) {
      entries_.erase(recency_.front());
      recency_.pop_front();
    }
  } else {
    recency_.splice(recency_.end(), recency_, entry->second.recency);
  }
  auto& failures = entry->second.failures;
  failures.push_back(now);
  while (static_cast<int>(failures.size()) > limit)
    failures.pop_front();
}

void LoginThrottle::recordFailure(const std::string& client, const std::string& accountKey,
                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  add(clientKey(client), limits_.perClient, now);
  if (!accountKey.empty())
    add(accountKeyOf(client, accountKey), limits_.perAccount, now);
}

void LoginThrottle::recordSuccess(const std::string& client, const std::string& accountKey) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(accountKeyOf(client, accountKey));
  if (found == entries_.end())
    return;
  recency_.erase(found->second.recency);
  entries_.erase(found);
}

std::size_t LoginThrottle::keys() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace duka::auth
