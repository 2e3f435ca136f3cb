#include "endpoint_rules.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>

namespace duka::webhooks {

namespace {

constexpr std::size_t kMaxUrlLength = 2048;

}  // namespace

const std::vector<std::string>& webhookEvents() {
  static const std::vector<std::string> events{"user.registered",
                                               "customer.created",
                                               "customer.updated",
                                               "customer.deleted",
                                               "customer.sms_opted_out",
                                               "customer.sms_opted_in",
                                               "inventory.created",
                                               "inventory.updated",
                                               "inventory.deleted",
                                               "inventory.adjusted",
                                               "inventory.low_stock",
                                               "inventory.out_of_stock",
                                               "order.created",
                                               "order.approved",
                                               "order.fulfilled",
                                               "order.cancelled",
                                               "order.paid",
                                               "payment.requested",
                                               "payment.succeeded",
                                               "payment.failed",
                                               "payment.matched",
                                               "key.created",
                                               "key.revoked",
                                               "webhook.created",
                                               "webhook.updated",
                                               "webhook.deleted",
                                               "webhook.disabled",
                                               "webhook.test"};
  return events;
}

std::string urlProblem(const std::string& url, bool allowHttp) {
  if (url.size() > kMaxUrlLength)
    return "is longer than 2048 characters";
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    return "is not a URL";
  }
  const std::string scheme = uri.getScheme();
  if (scheme != "https" && !(allowHttp && scheme == "http"))
    return allowHttp ? "must be an http or https URL"
                     : "must be an https URL ([webhooks] allow_http)";
  if (uri.getHost().empty())
    return "names no host";
  if (!uri.getUserInfo().empty())
    return "must not carry user info";
  if (!uri.getFragment().empty())
    return "must not carry a fragment";
  return "";
}

bool deliverable(const std::string& event) {
  return event.rfind("auth.", 0) != 0;
}

std::string eventPatternProblem(const std::string& pattern) {
  if (pattern == "*")
    return "";
  const auto& events = webhookEvents();
  if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
    const std::string prefix = pattern.substr(0, pattern.size() - 1);  // "order."
    const bool known = std::any_of(events.begin(), events.end(), [&](const std::string& event) {
      return event.rfind(prefix, 0) == 0;
    });
    return known ? "" : "'" + pattern + "' matches no event";
  }
  if (std::find(events.begin(), events.end(), pattern) != events.end())
    return "";
  if (!deliverable(pattern))
    return "'" + pattern + "': auth events are never delivered";
  return "'" + pattern + "' is not an event";
}

bool patternMatches(const std::string& pattern, const std::string& event) {
  if (pattern == "*")
    return true;
  if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0)
    return event.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0 &&
           event.size() > pattern.size() - 1;
  return pattern == event;
}

}  // namespace duka::webhooks
