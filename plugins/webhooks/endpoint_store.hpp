// EndpointStore: the webhooks_endpoints table. SQL lives here only. The endpoints the fan-out
// matches events against are read at most once a second per instance (and again at once
// after this instance changes one).
#pragma once

#include <chrono>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/plugins/webhooks/webhook_events.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace duka::webhooks {

// Signing is what an attempt needs of its endpoint.
struct Signing {
  std::string url;
  bool active = false;
  std::string secret;
  std::string previousSecret;  // "" when none overlaps
  std::int64_t previousUntilMs = 0;
};

// Subscribed is an active endpoint and the patterns it subscribes to.
struct Subscribed {
  std::int64_t id = 0;
  std::vector<std::string> patterns;
};

class EndpointStore {
 public:
  explicit EndpointStore(Database& db) : db_(db) {}

  void insert(Transaction& tx, Endpoint& endpoint, const std::string& secret);
  std::optional<Endpoint> find(SqlSession& session, std::int64_t id);
  Listing<Endpoint> list(const Page& page);
  // update writes url, events, description and active; set active, it clears the reason and
  // the failing clock.
  void update(Transaction& tx, Endpoint& endpoint);
  bool remove(Transaction& tx, std::int64_t id);
  // rotate makes secret the current one; the current one signs too until previousUntilMs.
  void rotate(Transaction& tx, std::int64_t id, const std::string& secret,
              std::int64_t previousUntilMs);
  std::optional<Signing> signing(std::int64_t id);
  // deactivate sets the endpoint inactive with reason ("gone", "failing").
  void deactivate(Transaction& tx, std::int64_t id, const std::string& reason);
  // failingSince answers when the endpoint's current run of failures began (ms, 0: none),
  // starting one at nowMs; recovered ends it.
  std::int64_t failingSince(Transaction& tx, std::int64_t id, std::int64_t nowMs);
  void recovered(Transaction& tx, std::int64_t id);

  // subscribed answers the active endpoints, read through session (the event's transaction:
  // no second connection) when the copy is older than a second.
  std::vector<Subscribed> subscribed(SqlSession& session);
  void changed();  // this instance changed an endpoint: read them again at the next event

 private:
  Database& db_;
  std::mutex mutex_;
  std::vector<Subscribed> cached_;
  std::chrono::steady_clock::time_point cachedAt_{};
  bool fresh_ = false;
};

// patternList and patternText convert between an endpoint's events and their stored form.
std::vector<std::string> patternList(const std::string& text);
std::string patternText(const std::vector<std::string>& patterns);

}  // namespace duka::webhooks
