#include "duka/facility/histogram.hpp"

#include <algorithm>
#include <stdexcept>

namespace duka {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
      std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end())
    throw std::invalid_argument("a histogram's bounds must ascend");
}

void Histogram::observe(double value) {
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot out;
  out.bounds = bounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.cumulative.push_back(running);
  }
  // The count is the buckets' sum, so le="+Inf" always equals _count.
  out.count = running + buckets_[bounds_.size()].load(std::memory_order_relaxed);
  out.sum = sum_.load(std::memory_order_relaxed);
  return out;
}

HistogramRegistry::~HistogramRegistry() = default;

Histogram& histogram(Metrics& metrics, const std::string& name, const std::string& help,
                     const std::vector<double>& bounds) {
  auto* registry = dynamic_cast<HistogramRegistry*>(&metrics);
  if (registry == nullptr)
    throw std::logic_error("histogram '" + name + "': this Metrics keeps no histograms");
  return registry->histogram(name, help, bounds);
}

}  // namespace duka
