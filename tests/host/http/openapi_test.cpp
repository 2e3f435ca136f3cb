#include "http/openapi.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

TEST(OpenApi, DescribesRoutesParametersSecurityAndSchemas) {
  RouteTable routes;
  routes.add({.method = "POST",
              .path = "/api/orders/",
              .access = Access::Authenticated,
              .handler = [](Request&) { return Response::noContent(); },
              .summary = "Create an order",
              .requestSchema = R"({"type":"object","required":["items"]})",
              .responseSchema = R"({"type":"object"})",
              .successStatus = 201},
             "orders", nullptr);
  routes.add({.method = "GET",
              .path = "/api/orders/{id}/",
              .access = Access::Public,
              .handler = [](Request&) { return Response::noContent(); }},
             "orders", nullptr);
  auto doc = buildOpenApi(routes, "1.2.3");
  EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.0.3");
  auto post = doc->getObject("paths")->getObject("/api/orders/")->getObject("post");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->getValue<std::string>("summary"), "Create an order");
  EXPECT_TRUE(post->has("security"));
  EXPECT_EQ(post->getObject("requestBody")
                ->getObject("content")
                ->getObject("application/json")
                ->getObject("schema")
                ->getValue<std::string>("type"),
            "object");
  EXPECT_TRUE(post->getObject("responses")->has("201"));
  auto get = doc->getObject("paths")->getObject("/api/orders/{id}/")->getObject("get");
  EXPECT_FALSE(get->has("security"));
  EXPECT_EQ(get->getArray("parameters")->getObject(0)->getValue<std::string>("name"), "id");
  EXPECT_TRUE(doc->getObject("components")->getObject("securitySchemes")->has("bearerAuth"));
}

}  // namespace
}  // namespace duka::host
