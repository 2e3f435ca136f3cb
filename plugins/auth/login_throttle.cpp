#include "login_throttle.hpp"

#include <Poco/Net/IPAddress.h>

#include <cstring>

namespace duka::auth {

namespace {

// kEvictionScan: how many of the least recently failed keys an eviction looks through for one
// that is not throttled now.
constexpr int kEvictionScan = 64;

std::string clientKey(const std::string& client) {
  return "c " + client;
}

std::string accountKeyOf(const std::string& client, const std::string& account) {
  return "a " + client + " " + account;
}

std::string registrationKey(const std::string& client) {
  return "r " + client;
}

}  // namespace

std::string networkOf(const std::string& client) {
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(client, address))
    return client;
  if (address.family() == Poco::Net::IPAddress::IPv4) {
    address.mask(Poco::Net::IPAddress(24, Poco::Net::IPAddress::IPv4));
    return address.toString() + "/24";
  }
  // Poco masks IPv4 only: the /64 is the first eight bytes.
  unsigned char bytes[16] = {};
  std::memcpy(bytes, address.addr(), 8);
  return Poco::Net::IPAddress(bytes, sizeof bytes).toString() + "/64";
}

LoginThrottle::LoginThrottle(ThrottleLimits limits, std::size_t maxKeys)
    : limits_(limits), maxKeys_(maxKeys) {}

std::chrono::seconds LoginThrottle::wait(const std::string& key, Clock::time_point now) {
  const auto found = entries_.find(key);
  if (found == entries_.end())
    return std::chrono::seconds(0);
  const Entry& entry = found->second;
  if (!throttled(found->second, now))
    return std::chrono::seconds(0);
  // The oldest counted failure leaves the window first.
  const auto left = entry.failures.front() + limits_.window - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

bool LoginThrottle::throttled(Entry& entry, Clock::time_point now) const {
  auto& failures = entry.failures;
  while (!failures.empty() && failures.front() + limits_.window <= now)
    failures.pop_front();
  return static_cast<int>(failures.size()) >= entry.limit;
}

std::chrono::seconds LoginThrottle::retryAfter(const std::string& client,
                                               const std::string& accountKey,
                                               Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const std::string network = networkOf(client);
  auto longest = std::max(wait(clientKey(client), now), wait(clientKey(network), now));
  if (!accountKey.empty()) {
    longest = std::max({longest, wait(accountKeyOf(client, accountKey), now),
                        wait(accountKeyOf(network, accountKey), now)});
  }
  return longest;
}

void LoginThrottle::add(const std::string& key, int limit, Clock::time_point now) {
  if (limit <= 0)
    return;
  auto [entry, fresh] = entries_.try_emplace(key);
  if (fresh) {
    entry->second.limit = limit;
    entry->second.recency = recency_.insert(recency_.end(), key);
    if (entries_.size() > maxKeys_)
      evictOne(now);
  } else {
    recency_.splice(recency_.end(), recency_, entry->second.recency);
  }
  auto& failures = entry->second.failures;
  failures.push_back(now);
  while (static_cast<int>(failures.size()) > limit)
    failures.pop_front();
}

void LoginThrottle::evictOne(Clock::time_point now) {
  // The least recently failed key that is not throttled now goes; a throttled one only when
  // the first kEvictionScan are all throttled. Never the key just added (the last): the
  // caller holds it.
  auto victim = recency_.begin();
  auto candidate = recency_.begin();
  const auto newest = std::prev(recency_.end());
  for (int scanned = 0; candidate != newest && scanned < kEvictionScan; ++candidate, ++scanned) {
    if (!throttled(entries_.at(*candidate), now)) {
      victim = candidate;
      break;
    }
  }
  entries_.erase(*victim);
  recency_.erase(victim);
}

void LoginThrottle::recordFailure(const std::string& client, const std::string& accountKey,
                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto count = [&](const std::string& who) {
    add(clientKey(who), limits_.perClient, now);
    if (!accountKey.empty())
      add(accountKeyOf(who, accountKey), limits_.perAccount, now);
  };
  if (entries_.size() < maxKeys_ / 2) {
    count(client);
    return;
  }
  // Keys running short (many addresses failing): a failure counts for the address's network
  // (IPv4 /24, IPv6 /64), and for the address only where it has a key already, so that a
  // flood of addresses cannot crowd the throttled ones out.
  count(networkOf(client));
  if (entries_.count(clientKey(client)))
    add(clientKey(client), limits_.perClient, now);
  if (!accountKey.empty() && entries_.count(accountKeyOf(client, accountKey)))
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

std::chrono::seconds LoginThrottle::retryAfterRegistering(const std::string& client,
                                                          Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return std::max(wait(registrationKey(client), now),
                  wait(registrationKey(networkOf(client)), now));
}

void LoginThrottle::recordRegistration(const std::string& client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  add(registrationKey(entries_.size() < maxKeys_ / 2 ? client : networkOf(client)),
      limits_.registrations, now);
}

std::size_t LoginThrottle::keys() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace duka::auth
