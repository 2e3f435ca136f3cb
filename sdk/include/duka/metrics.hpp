// duka/metrics.hpp: the gauges a plugin adds to GET /metrics (Prometheus text).
#pragma once

#include <functional>
#include <string>

namespace duka {

class Metrics {
 public:
  virtual ~Metrics();
  // gauge registers duka_<name>; sample runs on the scraping thread: quick and thread-safe.
  virtual void gauge(const std::string& name, const std::string& help,
                     std::function<double()> sample) = 0;
};

}  // namespace duka
