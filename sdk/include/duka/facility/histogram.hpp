// duka/facility/histogram.hpp (SDK 1.2): a distribution on GET /metrics, as a Prometheus
// histogram: duka_<name>_bucket{le="..."} (cumulative), duka_<name>_sum, duka_<name>_count.
//     Histogram& seconds = histogram(context.metrics(), "webhook_delivery_seconds",
//                                    "One webhook delivery attempt, in seconds");
//     seconds.observe(0.042);  // from any thread, without a lock
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "duka/facility/metrics.hpp"

namespace duka {

// kSecondsBuckets are Prometheus' default bounds, in seconds: 5 ms to 10 s.
inline const std::vector<double> kSecondsBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                 0.5,   1,    2.5,   5,    10};

class Histogram {
 public:
  // bounds are the buckets' upper bounds, ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound: the observations <= it
    std::uint64_t count = 0;
    double sum = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf
  std::atomic<double> sum_{0};
};

// histogram is the series duka_<name>, made at its first call (its bounds fixed then) and
// shared by every later call with the name: a reloaded plugin observes on. It stays valid
// while the plugin runs. A Metrics that keeps no histograms (a test's own) throws.
Histogram& histogram(Metrics& metrics, const std::string& name, const std::string& help,
                     const std::vector<double>& bounds = kSecondsBuckets);

// HistogramRegistry is the host's side of histogram(): its Metrics is one too (a class of its
// own, so that Metrics keeps 1.0's layout).
class HistogramRegistry {
 public:
  virtual ~HistogramRegistry();
  virtual Histogram& histogram(const std::string& name, const std::string& help,
                               const std::vector<double>& bounds) = 0;
};

}  // namespace duka
