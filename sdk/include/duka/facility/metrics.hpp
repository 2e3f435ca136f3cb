// duka/facility/metrics.hpp: what a plugin adds to GET /metrics (Prometheus text): gauges sampled
// at each scrape, and counters it adds to.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace duka {

class Metrics {
 public:
  virtual ~Metrics();
  // gauge registers duka_<name>; sample runs on the scraping thread: quick and thread-safe.
  virtual void gauge(const std::string& name, const std::string& help,
                     std::function<double()> sample) = 0;
  // counter is the series duka_<name>_total{labels} (a family per name, a series per label
  // set), made at its first call; add to it from any thread until the plugin stops.
  virtual std::atomic<std::uint64_t>& counter(
      const std::string& name, const std::string& help,
      const std::vector<std::pair<std::string, std::string>>& labels = {}) = 0;
};

}  // namespace duka
