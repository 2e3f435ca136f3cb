// MetricsRegistry: renders GET /metrics in the Prometheus text format from the route
// counters, the requests no route matched, the plugins' gauges and counters, and the
// host's own sections (process, build, database).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "duka/facility/histogram.hpp"
#include "http/dispatch/route_table.hpp"

namespace duka::host {

class MetricsRegistry {
 public:
  // addGauge registers duka_<name> for a generation's scrapes (0: the host's own, in every
  // scrape) until removeGauges(generation); owner keeps the sampler's library loaded.
  void addGauge(const std::string& name, const std::string& help, std::function<double()> sample,
                std::shared_ptr<void> owner, std::uint64_t generation = 0);
  void removeGauges(std::uint64_t generation);
  // counter is the series duka_<name>_total{labels}, made at its first call and shared by
  // every later call with the same name and labels (a reloaded plugin counts on); the
  // reference stays valid until clear().
  std::atomic<std::uint64_t>& counter(const std::string& name, const std::string& help,
                                      const NameValues& labels);
  // histogram is the histogram duka_<name>, made at its first call with bounds and shared by
  // every later call with the same name; the reference stays valid until clear().
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds);
  // keepRouteMetrics gives each route the counters its method and path had in an earlier
  // generation, if any, and keeps its own for the later ones.
  void keepRouteMetrics(RouteTable& routes);
  // addSection adds metrics the host writes itself, in the text format, at each scrape.
  void addSection(std::function<void(std::string&)> render);
  // clear drops the gauges, counters and sections (before the plugins' libraries close).
  void clear();
  RouteMetrics& unmatched() { return unmatched_; }
  // render answers a scrape served by a generation: its routes and gauges, the host's.
  std::string render(const RouteTable& routes, std::uint64_t generation = 0) const;

 private:
  struct Gauge {
    std::shared_ptr<void> owner;
    std::string name;
    std::string help;
    std::function<double()> sample;
    std::uint64_t generation = 0;
  };
  struct Series {
    // A constructor, not aggregate initialisation from parentheses (clang 14 has none).
    explicit Series(std::string rendered) : labels(std::move(rendered)) {}
    std::string labels;  // rendered: {provider="log",outcome="sent"}, or ""
    std::atomic<std::uint64_t> count{0};
  };
  struct CounterFamily {
    std::string name, help;
    std::deque<Series> series;  // a deque keeps each series where it is
  };
  struct HistogramFamily {
    std::string name, help;
    std::unique_ptr<Histogram> histogram;
  };
  mutable std::mutex mutex_;
  std::vector<Gauge> gauges_;
  std::deque<CounterFamily> counters_;
  std::deque<HistogramFamily> histograms_;
  std::vector<std::function<void(std::string&)>> sections_;
  std::map<std::string, std::shared_ptr<RouteMetrics>> routeMetrics_;  // "METHOD path"
  RouteMetrics unmatched_;
};

}  // namespace duka::host
