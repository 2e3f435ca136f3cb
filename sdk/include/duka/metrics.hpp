// duka/metrics.hpp: what a plugin may add to GET /metrics (Prometheus text format).
#pragma once

#include <functional>
#include <string>

namespace duka {

// Metrics lets a plugin publish gauges; the host samples them when /metrics is scraped.
class Metrics {
 public:
  virtual ~Metrics();
  // gauge registers a metric named duka_<name> (e.g. "sms_outbox_depth"); sample runs on
  // the scraping request's thread and must be quick and thread-safe.
  virtual void gauge(const std::string& name, const std::string& help,
                     std::function<double()> sample) = 0;
};

}  // namespace duka
