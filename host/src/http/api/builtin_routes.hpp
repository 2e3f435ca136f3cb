// registerBuiltinRoutes: the host's own routes: /health, /ready, /metrics, /api/plugins/
// and /api/openapi.json.
#pragma once

#include <functional>

#include "http/dispatch/request_origin.hpp"
#include "http/dispatch/route_table.hpp"
#include "http/metrics/metrics_registry.hpp"
#include "plugins/plugin_host.hpp"

namespace duka::host {

struct BuiltinSources {
  std::function<bool()> databaseAnswers;
  std::function<const PluginHost*()> plugins;  // nullptr until the plugins are loaded
  std::vector<AddressRange> metricsReaders;    // who may read /metrics; empty: everyone
  std::uint64_t generation = 0;                // whose gauges /metrics shows (with the host's)
};

void registerBuiltinRoutes(RouteTable& routes, MetricsRegistry& metrics, BuiltinSources sources);

}  // namespace duka::host
