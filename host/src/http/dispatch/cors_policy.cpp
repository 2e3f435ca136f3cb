#include "http/dispatch/cors_policy.hpp"

#include <Poco/String.h>

#include <algorithm>

namespace duka::host {

namespace {

constexpr const char* kAllowedRequestHeaders =
    "Authorization, Content-Type, Idempotency-Key, X-Request-Id";
constexpr const char* kExposedHeaders =
    "X-Request-Id, Location, Retry-After, WWW-Authenticate, Allow";
constexpr const char* kMaxAgeSeconds = "600";

std::string normalised(std::string origin) {
  origin = Poco::toLower(Poco::trim(origin));
  while (!origin.empty() && origin.back() == '/')
    origin.pop_back();
  return origin;
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (auto& origin : origins) {
    if (Poco::trim(origin) == "*")
      any_ = true;
    else
      origins_.push_back(normalised(std::move(origin)));
  }
}

CorsPolicy::Headers CorsPolicy::responseHeaders(const std::string& origin) const {
  if (origin.empty())
    return {};
  const bool listed =
      std::find(origins_.begin(), origins_.end(), normalised(origin)) != origins_.end();
  if (!listed && !any_)
    return {};
  Headers headers;
  if (listed) {
    headers.emplace_back("Access-Control-Allow-Origin", origin);
    headers.emplace_back("Access-Control-Allow-Credentials", "true");
    headers.emplace_back("Vary", "Origin");
  } else {
    headers.emplace_back("Access-Control-Allow-Origin", "*");
  }
  headers.emplace_back("Access-Control-Expose-Headers", kExposedHeaders);
  return headers;
}

CorsPolicy::Headers CorsPolicy::preflightHeaders(const std::string& origin,
                                                 const std::vector<std::string>& methods) const {
  Headers headers = responseHeaders(origin);
  if (headers.empty())
    return headers;
  headers.emplace_back("Access-Control-Allow-Methods",
                       Poco::cat(std::string(", "), methods.begin(), methods.end()));
  headers.emplace_back("Access-Control-Allow-Headers", kAllowedRequestHeaders);
  headers.emplace_back("Access-Control-Max-Age", kMaxAgeSeconds);
  return headers;
}

}  // namespace duka::host
