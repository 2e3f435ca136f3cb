#include "http/metrics/route_metrics.hpp"

namespace duka::host {

void RouteMetrics::observe(int status, double seconds) {
  if (status >= 100 && status < 600)
    byStatus[status - 100].fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count.fetch_add(1, std::memory_order_relaxed);
  sumMicros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

}  // namespace duka::host
