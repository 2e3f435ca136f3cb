// MetricsRegistry: renders GET /metrics in the Prometheus text format from the route
// counters, the requests no route matched, the plugins' gauges and the host's own.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/route_table.hpp"

namespace duka::host {

class MetricsRegistry {
 public:
  // addGauge registers duka_<name>; owner keeps the sampler's library loaded.
  void addGauge(const std::string& name, const std::string& help, std::function<double()> sample,
                std::shared_ptr<void> owner);
  void clearGauges();
  RouteMetrics& unmatched() { return unmatched_; }
  std::string render(const RouteTable& routes) const;

 private:
  struct Gauge {
    std::shared_ptr<void> owner;
    std::string name;
    std::string help;
    std::function<double()> sample;
  };
  mutable std::mutex mutex_;
  std::vector<Gauge> gauges_;
  RouteMetrics unmatched_;
};

}  // namespace duka::host
