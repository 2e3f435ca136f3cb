#include "http/metrics_registry.hpp"

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
  routes.routes()[0]->metrics.observe(200, 0.002);
  routes.routes()[0]->metrics.observe(200, 0.3);
  routes.routes()[0]->metrics.observe(404, 0.0001);
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

}  // namespace
}  // namespace duka::host
