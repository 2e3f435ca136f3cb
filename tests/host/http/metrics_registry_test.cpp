#include "http/metrics/metrics_registry.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

TEST(MetricsRegistry, RendersCountersHistogramsAndGauges) {
  RouteTable routes;
  routes.add({.method = "GET",
              .path = "/api/orders/{id}/",
              .access = Access::Public,
              .handler = [](Request&) { return Response::noContent(); }},
             "orders", nullptr);
  routes.routes()[0]->metrics->observe(200, 0.002);
  routes.routes()[0]->metrics->observe(200, 0.3);
  routes.routes()[0]->metrics->observe(404, 0.0001);
  MetricsRegistry metrics;
  metrics.addGauge(
      "sms_outbox_depth", "Queued messages", [] { return 3.0; }, nullptr);
  metrics.addGauge(
      "broken", "Throws", []() -> double { throw std::runtime_error("x"); }, nullptr);
  const std::string text = metrics.render(routes);
  EXPECT_NE(
      text.find(
          "duka_http_requests_total{route=\"/api/orders/{id}/\",method=\"GET\",status=\"200\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(text.find("duka_http_request_duration_seconds_bucket{route=\"/api/orders/{id}/"
                      "\",method=\"GET\",le=\"0.0025\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("le=\"+Inf\"} 3"), std::string::npos);
  EXPECT_NE(
      text.find(
          "duka_http_request_duration_seconds_count{route=\"/api/orders/{id}/\",method=\"GET\"} 3"),
      std::string::npos);
  EXPECT_NE(text.find("# TYPE duka_sms_outbox_depth gauge\nduka_sms_outbox_depth 3"),
            std::string::npos);
  EXPECT_EQ(text.find("duka_broken"), std::string::npos);
}

TEST(MetricsRegistry, RefusesBadAndDuplicateGaugeNames) {
  MetricsRegistry metrics;
  EXPECT_THROW(metrics.addGauge(
                   "Bad-Name", "", [] { return 0.0; }, nullptr),
               std::runtime_error);
  metrics.addGauge(
      "x", "", [] { return 0.0; }, nullptr);
  EXPECT_THROW(metrics.addGauge(
                   "x", "", [] { return 0.0; }, nullptr),
               std::runtime_error);
}

TEST(MetricsRegistry, CountersAreFamiliesOfLabelledSeries) {
  MetricsRegistry metrics;
  auto& sent =
      metrics.counter("sms_messages", "Messages", {{"provider", "log"}, {"outcome", "sent"}});
  auto& failed =
      metrics.counter("sms_messages", "Messages", {{"provider", "log"}, {"outcome", "fa\"il\ned"}});
  EXPECT_EQ(
      &metrics.counter("sms_messages", "Messages", {{"provider", "log"}, {"outcome", "sent"}}),
      &sent);
  sent += 3;
  ++failed;
  ++metrics.counter("plain", "No labels", {});
  metrics.addSection([](std::string& out) { out += "process_open_fds 7\n"; });
  const std::string text = metrics.render(RouteTable());
  EXPECT_NE(text.find("# HELP duka_sms_messages_total Messages\n"
                      "# TYPE duka_sms_messages_total counter\n"
                      "duka_sms_messages_total{provider=\"log\",outcome=\"sent\"} 3\n"
                      "duka_sms_messages_total{provider=\"log\",outcome=\"fa\\\"il\\ned\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("duka_plain_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("process_open_fds 7\n"), std::string::npos);
  EXPECT_THROW(metrics.counter("Bad-Name", "x", {}), std::runtime_error);
  EXPECT_THROW(metrics.counter("ok", "x", {{"Bad label", "v"}}), std::runtime_error);
  EXPECT_THROW(metrics.addGauge(
                   "plain_total", "clash", [] { return 1.0; }, nullptr),
               std::runtime_error);
  metrics.clear();
  EXPECT_EQ(metrics.render(RouteTable()).find("duka_plain_total"), std::string::npos);
}

}  // namespace
}  // namespace duka::host

namespace duka::host {
namespace {

// A plugin's histogram (SDK 1.2): cumulative buckets, +Inf equal to _count, the sum; one
// histogram per name, shared by a later call (a reloaded plugin observes on).
TEST(MetricsRegistry, PluginHistogramsRenderCumulativeBucketsSumAndCount) {
  MetricsRegistry metrics;
  Histogram& seconds = metrics.histogram("webhook_delivery_seconds", "Attempts", {0.1, 1});
  seconds.observe(0.05);
  seconds.observe(0.1);  // on a bound: in its bucket (le is "less or equal")
  seconds.observe(0.5);
  seconds.observe(30);
  EXPECT_EQ(&metrics.histogram("webhook_delivery_seconds", "Attempts", {0.1, 1}), &seconds);
  const std::string text = metrics.render(RouteTable());
  EXPECT_NE(text.find("# TYPE duka_webhook_delivery_seconds histogram\n"
                      "duka_webhook_delivery_seconds_bucket{le=\"0.1\"} 2\n"
                      "duka_webhook_delivery_seconds_bucket{le=\"1\"} 3\n"
                      "duka_webhook_delivery_seconds_bucket{le=\"+Inf\"} 4\n"
                      "duka_webhook_delivery_seconds_sum 30.65\n"
                      "duka_webhook_delivery_seconds_count 4\n"),
            std::string::npos)
      << text;
  EXPECT_THROW(metrics.histogram("Bad-Name", "x", {1}), std::runtime_error);
  EXPECT_THROW(Histogram({1, 0.5}), std::invalid_argument);
}

}  // namespace
}  // namespace duka::host
