#include "http/dispatch/route_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace duka::host {

namespace {

bool isParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// isScopeName: "<area>:<right>", each part lower-case letters, digits, '_' or '-'.
bool isScopeName(const std::string& scope) {
  const std::size_t colon = scope.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == scope.size() || scope.size() > 64)
    return false;
  for (std::size_t i = 0; i < scope.size(); ++i) {
    const char c = scope[i];
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || i == colon;
    if (!allowed)
      return false;
  }
  return true;
}

}  // namespace

bool RouteTable::splitPath(const std::string& path, std::vector<std::string>& segments) {
  segments.clear();
  if (path.empty() || path[0] != '/')
    return false;
  std::size_t start = 1;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos)
      end = path.size();
    if (end == start)
      return false;  // "//"
    segments.emplace_back(path, start, end - start);
    start = end + 1;
  }
  return true;
}

void RouteTable::add(RouteSpec spec, const std::string& plugin, std::shared_ptr<void> owner) {
  auto entry = std::make_unique<RouteEntry>();
  if (!splitPath(spec.path, entry->segments)) {
    throw std::runtime_error("plugin '" + plugin + "': the route path '" + spec.path +
                             "' is malformed");
  }
  if (!spec.handler)
    throw std::runtime_error("plugin '" + plugin + "': " + spec.method + " " + spec.path +
                             " has no handler");
  // An Idempotency-Key belongs to its caller: a route anybody may call cannot keep one.
  if (spec.idempotent && spec.access == Access::Public)
    throw std::runtime_error("plugin '" + plugin + "': " + spec.method + " " + spec.path +
                             " is idempotent, so it must not be public");
  if (!spec.scope.empty() && (spec.access == Access::Public || !isScopeName(spec.scope)))
    throw std::runtime_error("plugin '" + plugin + "': " + spec.method + " " + spec.path +
                             ": the scope '" + spec.scope + "' must be <area>:<right> (such as " +
                             "orders:read) on a route that is not public");
  for (const auto& existing : routes_) {
    if (existing->spec.method != spec.method || existing->segments.size() != entry->segments.size())
      continue;
    bool same = true;
    for (std::size_t i = 0; i < entry->segments.size() && same; ++i) {
      const auto& a = existing->segments[i];
      const auto& b = entry->segments[i];
      same = (isParam(a) && isParam(b)) || a == b;
    }
    if (same) {
      const auto who = [](const std::string& p) {
        return p.empty() ? std::string("the host") : "plugin '" + p + "'";
      };
      throw std::runtime_error(who(plugin) + " registers " + spec.method + " " + spec.path +
                               ", which " + who(existing->plugin) + " already registered");
    }
  }
  entry->owner = std::move(owner);
  entry->spec = std::move(spec);
  entry->plugin = plugin;
  routes_.push_back(std::move(entry));
}

RouteMatch RouteTable::match(const std::string& method, const std::string& path) const {
  RouteMatch result;
  std::vector<std::string> segments;
  if (!splitPath(path, segments))
    return result;

  int bestScore = -1;
  for (const auto& route : routes_) {
    if (route->segments.size() != segments.size())
      continue;
    int score = 0;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      const auto& pattern = route->segments[i];
      if (isParam(pattern))
        continue;
      matches = pattern == segments[i];
      // Static segments outrank parameters: /orders/export beats /orders/{id}.
      score += 1 << (segments.size() - i);
    }
    if (!matches)
      continue;
    if (route->spec.secretPath)
      result.secretTemplate = route->spec.path;
    // HEAD is served by the GET route: the same headers, no body.
    if (route->spec.method != method && !(method == "HEAD" && route->spec.method == "GET")) {
      if (std::find(result.allowed.begin(), result.allowed.end(), route->spec.method) ==
          result.allowed.end()) {
        result.allowed.push_back(route->spec.method);
      }
      continue;
    }
    if (score > bestScore) {
      bestScore = score;
      result.route = route.get();
    }
  }
  if (!result.route && !result.allowed.empty()) {
    if (std::find(result.allowed.begin(), result.allowed.end(), "GET") != result.allowed.end())
      result.allowed.push_back("HEAD");
    result.allowed.push_back("OPTIONS");
  }
  if (result.route) {
    result.allowed.clear();
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const auto& pattern = result.route->segments[i];
      if (isParam(pattern))
        result.params.emplace_back(pattern.substr(1, pattern.size() - 2), segments[i]);
    }
  }
  return result;
}

void RouteTable::removePlugin(const std::string& plugin) {
  routes_.erase(std::remove_if(routes_.begin(), routes_.end(),
                               [&](const auto& route) { return route->plugin == plugin; }),
                routes_.end());
}

}  // namespace duka::host
