// LoginThrottle: failed logins and registrations remembered per client address, and per
// account and client address, within a sliding window ([auth] login_window_s). Past a
// limit, login and register answer 429 before any password is hashed. An account is
// counted per address, so an attacker never locks it for its owner elsewhere. In memory,
// per instance, at most maxKeys keys: past half of them, failures count per network (IPv4
// /24, IPv6 /64) instead of per address, and at the limit the least recently failed key
// that is not throttled now is dropped, so a flood of addresses frees no throttled one.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace duka::auth {

struct ThrottleLimits {
  std::chrono::seconds window{300};
  int perClient = 20;       // failures from one address, any account (0: no limit)
  int perAccount = 5;       // failures of one account from one address (0: no limit)
  int registrations = 100;  // new accounts from one address (0: no limit)
};

// networkOf is the network an address is throttled by when keys run short: "203.0.113.0/24",
// "2001:db8:1:2::/64"; anything else as it is.
std::string networkOf(const std::string& client);

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(ThrottleLimits limits, std::size_t maxKeys = 100000);

  // retryAfter answers how long client must wait before trying again (for accountKey too,
  // when it is not empty); zero when it may try now.
  std::chrono::seconds retryAfter(const std::string& client, const std::string& accountKey,
                                  Clock::time_point now = Clock::now());
  // recordFailure counts a failed attempt against client and, when given, accountKey.
  void recordFailure(const std::string& client, const std::string& accountKey,
                     Clock::time_point now = Clock::now());
  // recordSuccess forgets the account's failures from client (the client's own stay).
  void recordSuccess(const std::string& client, const std::string& accountKey);
  // retryAfterRegistering answers how long client must wait before it may make another
  // account (registrations past their own limit); recordRegistration counts one made.
  std::chrono::seconds retryAfterRegistering(const std::string& client,
                                             Clock::time_point now = Clock::now());
  void recordRegistration(const std::string& client, Clock::time_point now = Clock::now());

  std::size_t keys() const;

 private:
  struct Entry {
    std::deque<Clock::time_point> failures;  // newest at the back, at most the limit
    int limit = 0;
    std::list<std::string>::iterator recency;
  };

  std::chrono::seconds wait(const std::string& key, Clock::time_point now);
  // throttled forgets the entry's failures older than the window; true when it is at its
  // limit.
  bool throttled(Entry& entry, Clock::time_point now) const;
  void add(const std::string& key, int limit, Clock::time_point now);
  void evictOne(Clock::time_point now);

  ThrottleLimits limits_;
  std::size_t maxKeys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // least recently failed at the front
};

}  // namespace duka::auth
