#include "endpoint_store.hpp"

#include <Poco/StringTokenizer.h>

#include <duka/rows.hpp>

namespace duka::webhooks {

namespace {

constexpr auto kFreshFor = std::chrono::seconds(1);

// EndpointRow is a row as stored: the events are one space-separated text.
struct EndpointRow {
  std::int64_t id = 0;
  std::string url, events, description;
  bool active = true;
  std::string disabledReason, createdAt, updatedAt;
};

const Rows<EndpointRow> kEndpointRows =
    Rows<EndpointRow>("webhooks_endpoints")
        .column("id", &EndpointRow::id)
        .column("url", &EndpointRow::url)
        .column("events", &EndpointRow::events)
        .column("description", &EndpointRow::description)
        .column("active", &EndpointRow::active)
        .column("COALESCE(disabled_reason, '')", &EndpointRow::disabledReason)
        .column("created_at", &EndpointRow::createdAt)
        .column("updated_at", &EndpointRow::updatedAt);

Endpoint endpointOf(EndpointRow row) {
  return Endpoint{row.id,
                  std::move(row.url),
                  patternList(row.events),
                  std::move(row.description),
                  row.active,
                  std::move(row.disabledReason),
                  "",
                  std::move(row.createdAt),
                  std::move(row.updatedAt)};
}

}  // namespace

std::vector<std::string> patternList(const std::string& text) {
  std::vector<std::string> patterns;
  for (const auto& pattern :
       Poco::StringTokenizer(text, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY))
    patterns.push_back(pattern);
  return patterns;
}

std::string patternText(const std::vector<std::string>& patterns) {
  std::string text;
  for (const auto& pattern : patterns)
    text += (text.empty() ? "" : " ") + pattern;
  return text;
}

void EndpointStore::insert(Transaction& tx, Endpoint& endpoint, const std::string& secret) {
  endpoint.createdAt = endpoint.updatedAt = nowRfc3339();
  endpoint.id = tx.insert(
      "INSERT INTO webhooks_endpoints (url, events, description, active, secret, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {endpoint.url, patternText(endpoint.events), endpoint.description,
       static_cast<std::int64_t>(endpoint.active ? 1 : 0), secret, endpoint.createdAt,
       endpoint.updatedAt});
}

std::optional<Endpoint> EndpointStore::find(SqlSession& session, std::int64_t id) {
  auto row = kEndpointRows.one(session, "WHERE id = $1", {id});
  if (!row)
    return std::nullopt;
  return endpointOf(std::move(*row));
}

Listing<Endpoint> EndpointStore::list(const Page& page) {
  Listing<EndpointRow> rows = page.read(db_, kEndpointRows, {});
  Listing<Endpoint> endpoints;
  endpoints.count = rows.count;
  for (auto& row : rows.results)
    endpoints.results.push_back(endpointOf(std::move(row)));
  return endpoints;
}

void EndpointStore::update(Transaction& tx, Endpoint& endpoint) {
  endpoint.updatedAt = nowRfc3339();
  if (endpoint.active)
    endpoint.disabledReason.clear();
  tx.run(
      "UPDATE webhooks_endpoints SET url = $1, events = $2, description = $3, active = $4, "
      "disabled_reason = CASE WHEN $4 = 1 THEN NULL ELSE disabled_reason END, "
      "failing_since_ms = CASE WHEN $4 = 1 THEN 0 ELSE failing_since_ms END, updated_at = $5 "
      "WHERE id = $6",
      {endpoint.url, patternText(endpoint.events), endpoint.description,
       static_cast<std::int64_t>(endpoint.active ? 1 : 0), endpoint.updatedAt, endpoint.id});
}

bool EndpointStore::remove(Transaction& tx, std::int64_t id) {
  const bool removed = tx.run("DELETE FROM webhooks_endpoints WHERE id = $1", {id}) > 0;
  if (removed) {
    // Its deliveries and their attempts go with it: nothing is delivered to a deleted one.
    tx.run(
        "DELETE FROM webhooks_attempts WHERE delivery_id IN (SELECT id FROM webhooks_deliveries "
        "WHERE endpoint_id = $1)",
        {id});
    tx.run("DELETE FROM webhooks_deliveries WHERE endpoint_id = $1", {id});
  }
  return removed;
}

void EndpointStore::rotate(Transaction& tx, std::int64_t id, const std::string& secret,
                           std::int64_t previousUntilMs) {
  tx.run(
      "UPDATE webhooks_endpoints SET previous_secret = secret, previous_until_ms = $1, "
      "secret = $2, updated_at = $3 WHERE id = $4",
      {previousUntilMs, secret, nowRfc3339(), id});
}

std::optional<Signing> EndpointStore::signing(std::int64_t id) {
  std::optional<Signing> signing;
  db_.run(
      "SELECT url, active, secret, COALESCE(previous_secret, ''), previous_until_ms "
      "FROM webhooks_endpoints WHERE id = $1",
      {id}, [&](const SqlRow& row) {
        signing =
            Signing{row.text(0), row.integer(1) != 0, row.text(2), row.text(3), row.integer(4)};
      });
  return signing;
}

void EndpointStore::deactivate(Transaction& tx, std::int64_t id, const std::string& reason) {
  tx.run(
      "UPDATE webhooks_endpoints SET active = 0, disabled_reason = $1, updated_at = $2 "
      "WHERE id = $3",
      {reason, nowRfc3339(), id});
}

std::int64_t EndpointStore::failingSince(Transaction& tx, std::int64_t id, std::int64_t nowMs) {
  tx.run(
      "UPDATE webhooks_endpoints SET failing_since_ms = $1 WHERE id = $2 AND failing_since_ms = 0",
      {nowMs, id});
  std::int64_t since = nowMs;
  tx.run("SELECT failing_since_ms FROM webhooks_endpoints WHERE id = $1", {id},
         [&](const SqlRow& row) { since = row.integer(0); });
  return since;
}

void EndpointStore::recovered(Transaction& tx, std::int64_t id) {
  tx.run(
      "UPDATE webhooks_endpoints SET failing_since_ms = 0 WHERE id = $1 AND failing_since_ms <> 0",
      {id});
}

std::vector<Subscribed> EndpointStore::subscribed(SqlSession& session) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fresh_ && now - cachedAt_ < kFreshFor)
      return cached_;
  }
  std::vector<Subscribed> endpoints;
  session.run("SELECT id, events FROM webhooks_endpoints WHERE active = 1 ORDER BY id", {},
              [&](const SqlRow& row) {
                endpoints.push_back({row.integer(0), patternList(row.text(1))});
              });
  std::lock_guard<std::mutex> lock(mutex_);
  cached_ = endpoints;
  cachedAt_ = now;
  fresh_ = true;
  return endpoints;
}

void EndpointStore::changed() {
  std::lock_guard<std::mutex> lock(mutex_);
  fresh_ = false;
}

}  // namespace duka::webhooks
