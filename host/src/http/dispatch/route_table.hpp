// RouteTable: every registered route, matched by method and path with {param} segments;
// "/a/b/" and "/a/b" are the same path, and HEAD matches the GET route. Filled before serving,
// read-only afterwards.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "duka/router.hpp"
#include "http/metrics/route_metrics.hpp"

namespace duka::host {

struct RouteEntry {
  std::shared_ptr<void> owner;  // first member: the plugin library outlives the handler
  RouteSpec spec;
  std::string plugin;  // "" for the host's own routes
  std::vector<std::string> segments;
  // counted on every request; shared with the same route of the next generation
  // (MetricsRegistry::keepRouteMetrics), so a reload does not reset it
  std::shared_ptr<RouteMetrics> metrics = std::make_shared<RouteMetrics>();
};

struct RouteMatch {
  const RouteEntry* route = nullptr;
  NameValues params;
  // allowed: the methods of the path when the method did not match (HEAD with GET, and
  // OPTIONS, which the host answers on every path)
  std::vector<std::string> allowed;
  // secretTemplate: the template of a route of this path whose path carries a secret (any
  // method): what logs show instead of the path
  std::string secretTemplate;
};

class RouteTable {
 public:
  // add registers a route; the same method and path shape registered twice throws,
  // naming both plugins.
  void add(RouteSpec spec, const std::string& plugin, std::shared_ptr<void> owner);
  RouteMatch match(const std::string& method, const std::string& path) const;
  const std::vector<std::unique_ptr<RouteEntry>>& routes() const { return routes_; }
  // removePlugin drops the routes of one plugin (after a failed start).
  void removePlugin(const std::string& plugin);
  void clear() { routes_.clear(); }

  // splitPath splits "/api/orders/{id}/" into {"api", "orders", "{id}"}; an empty
  // segment ("//") makes it return false.
  static bool splitPath(const std::string& path, std::vector<std::string>& segments);

 private:
  std::vector<std::unique_ptr<RouteEntry>> routes_;
};

}  // namespace duka::host
