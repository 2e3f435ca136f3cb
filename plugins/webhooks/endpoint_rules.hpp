// What an endpoint may name (SPEC 11): its url (https, or http with [webhooks] allow_http;
// a host; no user info; at most 2048 characters) and its events (names of SPEC 4's catalogue,
// a prefix of them as "order.*", or "*"; auth.* events are never delivered).
#pragma once

#include <string>
#include <vector>

namespace duka::webhooks {

// urlProblem answers why url cannot be an endpoint's, "" when it can.
std::string urlProblem(const std::string& url, bool allowHttp);
// eventPatternProblem answers why pattern cannot be subscribed to, "" when it can.
std::string eventPatternProblem(const std::string& pattern);
// deliverable tells whether an event of that name ever goes to an endpoint (not auth.*).
bool deliverable(const std::string& event);
// patternMatches tells whether event matches pattern ("*", "order.*", "order.paid").
bool patternMatches(const std::string& pattern, const std::string& event);
// webhookEvents are the event names an endpoint may name (SPEC 4, and webhook.test).
const std::vector<std::string>& webhookEvents();

}  // namespace duka::webhooks
