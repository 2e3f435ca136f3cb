#include "http/metrics/metrics_registry.hpp"

#include <Poco/NumberFormatter.h>

#include <algorithm>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace duka::host {

namespace {

std::string escapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void renderRoute(std::ostringstream& requests, std::ostringstream& latency,
                 const std::string& route, const std::string& method, const RouteMetrics& metrics) {
  const std::uint64_t count = metrics.count.load(std::memory_order_relaxed);
  if (count == 0)
    return;
  const std::string labels = "route=\"" + escapeLabel(route) + "\",method=\"" + method + "\"";
  for (std::size_t i = 0; i < metrics.byStatus.size(); ++i) {
    const std::uint64_t n = metrics.byStatus[i].load(std::memory_order_relaxed);
    if (n)
      requests << "duka_http_requests_total{" << labels << ",status=\"" << (i + 100) << "\"} " << n
               << "\n";
  }
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < RouteMetrics::kBuckets.size(); ++i) {
    cumulative += metrics.buckets[i].load(std::memory_order_relaxed);
    latency << "duka_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << RouteMetrics::kBuckets[i] << "\"} " << cumulative << "\n";
  }
  latency << "duka_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << count
          << "\n";
  latency << "duka_http_request_duration_seconds_sum{" << labels << "} "
          << Poco::NumberFormatter::format(metrics.sumMicros.load(std::memory_order_relaxed) / 1e6,
                                           6)
          << "\n";
  latency << "duka_http_request_duration_seconds_count{" << labels << "} " << count << "\n";
}

// checkName refuses a metric or label name outside [a-z0-9_]+.
void checkName(const char* what, const std::string& name) {
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!valid)
    throw std::runtime_error(std::string("the ") + what + " name '" + name +
                             "' must be [a-z0-9_]+");
}

}  // namespace

void MetricsRegistry::addGauge(const std::string& name, const std::string& help,
                               std::function<double()> sample, std::shared_ptr<void> owner,
                               std::uint64_t generation) {
  checkName("metric", name);
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& gauge : gauges_) {
    const bool seen = gauge.generation == generation || gauge.generation == 0 || generation == 0;
    if (gauge.name == name && seen)
      throw std::runtime_error("the metric '" + name + "' is registered twice");
  }
  for (const auto& family : counters_) {
    if (family.name + "_total" == name)
      throw std::runtime_error("the metric '" + name + "' is registered twice");
  }
  gauges_.push_back({std::move(owner), name, help, std::move(sample), generation});
}

void MetricsRegistry::removeGauges(std::uint64_t generation) {
  std::vector<Gauge> removed;  // destroyed outside the lock: a sampler may close a library
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto kept = std::stable_partition(gauges_.begin(), gauges_.end(), [&](const Gauge& gauge) {
      return gauge.generation != generation;
    });
    std::move(kept, gauges_.end(), std::back_inserter(removed));
    gauges_.erase(kept, gauges_.end());
  }
}

void MetricsRegistry::keepRouteMetrics(RouteTable& routes) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& route : routes.routes()) {
    auto [kept, added] =
        routeMetrics_.try_emplace(route->spec.method + " " + route->spec.path, route->metrics);
    if (!added)
      route->metrics = kept->second;
  }
}

std::atomic<std::uint64_t>& MetricsRegistry::counter(const std::string& name,
                                                     const std::string& help,
                                                     const NameValues& labels) {
  checkName("metric", name);
  std::string rendered;
  for (const auto& [key, value] : labels) {
    checkName("label", key);
    rendered += (rendered.empty() ? "{" : ",") + key + "=\"" + escapeLabel(value) + "\"";
  }
  if (!rendered.empty())
    rendered += "}";
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& gauge : gauges_) {
    if (gauge.name == name + "_total")
      throw std::runtime_error("the metric '" + name + "_total' is registered twice");
  }
  CounterFamily* family = nullptr;
  for (auto& candidate : counters_) {
    if (candidate.name == name)
      family = &candidate;
  }
  if (!family)
    family = &counters_.emplace_back(CounterFamily{name, help, {}});
  for (auto& series : family->series) {
    if (series.labels == rendered)
      return series.count;
  }
  return family->series.emplace_back(rendered).count;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::vector<double>& bounds) {
  checkName("metric", name);
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& family : histograms_) {
    if (family.name == name)
      return *family.histogram;
  }
  for (const auto& gauge : gauges_) {
    if (gauge.name == name)
      throw std::runtime_error("the metric '" + name + "' is registered twice");
  }
  return *histograms_.emplace_back(HistogramFamily{name, help, std::make_unique<Histogram>(bounds)})
              .histogram;
}

void MetricsRegistry::addSection(std::function<void(std::string&)> render) {
  std::lock_guard<std::mutex> lock(mutex_);
  sections_.push_back(std::move(render));
}

void MetricsRegistry::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_.clear();
  counters_.clear();
  histograms_.clear();
  sections_.clear();
  routeMetrics_.clear();
}

std::string MetricsRegistry::render(const RouteTable& routes, std::uint64_t generation) const {
  std::ostringstream requests;
  std::ostringstream latency;
  for (const auto& route : routes.routes()) {
    renderRoute(requests, latency, route->spec.path, route->spec.method, *route->metrics);
  }
  renderRoute(requests, latency, "unmatched", "any", unmatched_);

  std::ostringstream out;
  out << "# HELP duka_http_requests_total HTTP requests answered, by route template, method and "
         "status.\n"
      << "# TYPE duka_http_requests_total counter\n"
      << requests.str()
      << "# HELP duka_http_request_duration_seconds Time from routing to the response, by route.\n"
      << "# TYPE duka_http_request_duration_seconds histogram\n"
      << latency.str();
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& gauge : gauges_) {
    if (gauge.generation != 0 && gauge.generation != generation)
      continue;
    double value = 0;
    try {
      value = gauge.sample();
    } catch (...) {
      continue;  // a failing sampler must not break the scrape
    }
    out << "# HELP duka_" << gauge.name << " " << gauge.help << "\n"
        << "# TYPE duka_" << gauge.name << " gauge\n"
        << "duka_" << gauge.name << " " << value << "\n";
  }
  for (const auto& family : counters_) {
    out << "# HELP duka_" << family.name << "_total " << family.help << "\n"
        << "# TYPE duka_" << family.name << "_total counter\n";
    for (const auto& series : family.series) {
      out << "duka_" << family.name << "_total" << series.labels << " "
          << series.count.load(std::memory_order_relaxed) << "\n";
    }
  }
  for (const auto& family : histograms_) {
    const Histogram::Snapshot counts = family.histogram->snapshot();
    const std::string name = "duka_" + family.name;
    out << "# HELP " << name << " " << family.help << "\n# TYPE " << name << " histogram\n";
    for (std::size_t i = 0; i < counts.bounds.size(); ++i)
      out << name << "_bucket{le=\"" << counts.bounds[i] << "\"} " << counts.cumulative[i] << "\n";
    out << name << "_bucket{le=\"+Inf\"} " << counts.count << "\n"
        << name << "_sum " << counts.sum << "\n"
        << name << "_count " << counts.count << "\n";
  }
  std::string sections;
  for (const auto& render : sections_)
    render(sections);
  out << sections;
  return out.str();
}

}  // namespace duka::host
