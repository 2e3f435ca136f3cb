// MetricsRegistry: renders GET /metrics in the Prometheus text format from the route
// counters, the requests no route matched, the plugins' gauges and counters, and the
// host's own sections (process, build, database).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/dispatch/route_table.hpp"

namespace duka::host {

class MetricsRegistry {
 public:
  // addGauge registers duka_<name>; owner keeps the sampler's library loaded.
  void addGauge(const std::string& name, const std::string& help, std::function<double()> sample,
                std::shared_ptr<void> owner);
  // counter is the series duka_<name>_total{labels}, made at its first call; the reference
  // stays valid until clear().
  std::atomic<std::uint64_t>& counter(const std::string& name, const std::string& help,
                                      const NameValues& labels, std::shared_ptr<void> owner);
  // addSection adds metrics the host writes itself, in the text format, at each scrape.
  void addSection(std::function<void(std::string&)> render);
  // clear drops the gauges, counters and sections (before the plugins' libraries close).
  void clear();
  RouteMetrics& unmatched() { return unmatched_; }
  std::string render(const RouteTable& routes) const;

 private:
  struct Gauge {
    std::shared_ptr<void> owner;
    std::string name;
    std::string help;
    std::function<double()> sample;
  };
  struct Series {
    std::string labels;  // rendered: {provider="log",outcome="sent"}, or ""
    std::atomic<std::uint64_t> count{0};
  };
  struct CounterFamily {
    std::string name, help;
    std::vector<std::shared_ptr<void>> owners;
    std::deque<Series> series;  // a deque keeps each series where it is
  };
  mutable std::mutex mutex_;
  std::vector<Gauge> gauges_;
  std::deque<CounterFamily> counters_;
  std::vector<std::function<void(std::string&)>> sections_;
  RouteMetrics unmatched_;
};

}  // namespace duka::host
