#include "api_key_routes.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <duka/facility/pagination.hpp>
#include <set>

namespace duka::auth {

namespace {

// normalisedTime is an RFC 3339 time as duka stores times (UTC, seconds), "" when it is
// not one.
std::string normalisedTime(const std::string& text) {
  int zone = 0;
  Poco::DateTime parsed;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, parsed,
                                      zone) &&
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text, parsed, zone))
    return "";
  parsed.makeUTC(zone);
  // Poco's parser takes nearly anything ("tomorrow" is year 0): only years a key may live to.
  if (parsed.year() < 1970 || parsed.year() > 9999)
    return "";
  return rfc3339(std::chrono::system_clock::time_point(
      std::chrono::microseconds(parsed.timestamp().epochMicroseconds())));
}

}  // namespace

void ApiKeyRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/keys/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Make an API key (the key is in this answer only)",
              .request = &apiKeyShape(),
              .response = &apiKeyShape(),
              .successStatus = 201});
  router.add({.method = "GET",
              .path = "/api/keys/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return list(r); },
              .summary = "The API keys not revoked, newest last",
              .response = &apiKeyShape(),
              .list = true});
  router.add({.method = "GET",
              .path = "/api/keys/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return show(r); },
              .summary = "One API key (never its secret)",
              .response = &apiKeyShape(),
              .problems = {{404, "No such key, or it is revoked"}}});
  router.add({.method = "DELETE",
              .path = "/api/keys/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return revoke(r); },
              .summary = "Revoke an API key: refused on every instance within 1 s",
              .problems = {{404, "No such key, or it is revoked already"}},
              .successStatus = 204});
}

Response ApiKeyRoutes::create(Request& request) {
  ApiKey key;
  JsonBody body(request);
  apiKeyShape().read(body, key, Input::Create);
  const auto& known = apiKeyScopes();
  std::set<std::string> seen;
  for (const auto& scope : key.scopes) {
    if (std::find(known.begin(), known.end(), scope) == known.end())
      body.ruleError("scopes", "'" + scope + "' is not a scope");
    else if (!seen.insert(scope).second)
      body.ruleError("scopes", "'" + scope + "' is given twice");
  }
  if (!key.expiresAt.empty()) {
    key.expiresAt = normalisedTime(key.expiresAt);
    if (key.expiresAt.empty())
      body.ruleError("expires_at", "is not an RFC 3339 time");
    else if (key.expiresAt <= nowRfc3339())
      body.ruleError("expires_at", "is in the past");
  }
  body.finish();

  const ApiKeys::Made made = ApiKeys::make();
  key.prefix = made.prefix;
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    store_.insert(tx, key, made.secretHash, request.caller().subject);
    tx.publish(kKeyCreated, key);  // key.key is still "": the event has no secret
  });
  key.key = made.key;
  return apiKeyShape().answer(201, key);
}

Response ApiKeyRoutes::list(Request& request) {
  const Page page = Page::of(request);
  return page.answer(request, apiKeyShape(), store_.list(page));
}

Response ApiKeyRoutes::show(Request& request) {
  const auto key = store_.find(request.idParam("id"));
  if (!key)
    throw notFound("No API key " + request.pathParam("id") + ".");
  return apiKeyShape().answer(200, *key);
}

Response ApiKeyRoutes::revoke(Request& request) {
  const std::int64_t id = request.idParam("id");
  const auto key = store_.find(id);
  bool revoked = false;
  if (key) {
    db_.write(EventContext::of(request), [&](Transaction& tx) {
      revoked = store_.revoke(tx, id);
      if (revoked)
        tx.publish(kKeyRevoked, *key);
    });
  }
  if (!revoked)
    throw notFound("No API key " + request.pathParam("id") + ".");
  keys_.forget(key->prefix);
  return Response::noContent();
}

}  // namespace duka::auth
