// RouteMetrics: lock-free request counters by status and a latency histogram, one per
// route, rendered by MetricsRegistry.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace duka::host {

struct RouteMetrics {
  // kBuckets are the latency histogram's upper bounds in seconds.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  std::array<std::atomic<std::uint64_t>, 500> byStatus{};  // index = status - 100
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> sumMicros{0};

  void observe(int status, double seconds);
};

}  // namespace duka::host
