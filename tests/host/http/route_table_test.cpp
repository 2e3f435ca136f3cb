#include "http/dispatch/route_table.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

Handler ok() {
  return [](Request&) { return Response::noContent(); };
}

RouteSpec route(const std::string& method, const std::string& path) {
  return {.method = method, .path = path, .access = Access::Public, .handler = ok()};
}

TEST(RouteTable, MatchesParamsWithAndWithoutTrailingSlash) {
  RouteTable table;
  table.add(route("GET", "/api/orders/{id}/"), "orders", nullptr);
  table.add(route("PUT", "/api/orders/{id}/approve/"), "orders", nullptr);
  for (const char* path : {"/api/orders/12/", "/api/orders/12"}) {
    RouteMatch match = table.match("GET", path);
    ASSERT_TRUE(match.route) << path;
    EXPECT_EQ(match.params, (NameValues{{"id", "12"}}));
  }
  EXPECT_TRUE(table.match("PUT", "/api/orders/abc/approve").route);
}

TEST(RouteTable, UnknownPathHasNoAllowedMethods) {
  RouteTable table;
  table.add(route("GET", "/api/orders/"), "orders", nullptr);
  const RouteMatch match = table.match("GET", "/api/nothing/");
  EXPECT_FALSE(match.route);
  EXPECT_TRUE(match.allowed.empty());
  EXPECT_FALSE(table.match("GET", "/api//orders/").route);
  EXPECT_FALSE(table.match("GET", "").route);
}

TEST(RouteTable, WrongMethodListsTheAllowedOnes) {
  RouteTable table;
  table.add(route("GET", "/api/orders/"), "orders", nullptr);
  table.add(route("POST", "/api/orders/"), "orders", nullptr);
  const RouteMatch match = table.match("DELETE", "/api/orders");
  EXPECT_FALSE(match.route);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST", "HEAD", "OPTIONS"}));
}

TEST(RouteTable, HeadMatchesTheGetRoute) {
  RouteTable table;
  table.add(route("GET", "/api/orders/{id}/"), "orders", nullptr);
  const RouteMatch match = table.match("HEAD", "/api/orders/7/");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->spec.method, "GET");
  EXPECT_EQ(match.params, (NameValues{{"id", "7"}}));
}

TEST(RouteTable, OptionsListsThePathsMethods) {
  RouteTable table;
  table.add(route("POST", "/api/orders/"), "orders", nullptr);
  const RouteMatch match = table.match("OPTIONS", "/api/orders/");
  EXPECT_FALSE(match.route);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"POST", "OPTIONS"}));
}

TEST(RouteTable, StaticSegmentsBeatParameters) {
  RouteTable table;
  table.add(route("GET", "/api/audit/{id}/"), "audit", nullptr);
  table.add(route("GET", "/api/audit/verify/"), "audit", nullptr);
  RouteMatch match = table.match("GET", "/api/audit/verify/");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->spec.path, "/api/audit/verify/");
  match = table.match("GET", "/api/audit/5/");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->spec.path, "/api/audit/{id}/");
}

TEST(RouteTable, ConflictsAreRefusedNamingBothPlugins) {
  RouteTable table;
  table.add(route("GET", "/api/items/{id}/"), "inventory", nullptr);
  try {
    table.add(route("GET", "/api/items/{item}"), "rogue", nullptr);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("plugin 'rogue' registers GET /api/items/{item}"),
              std::string::npos);
    EXPECT_NE(std::string(e.what()).find("plugin 'inventory' already registered"),
              std::string::npos);
  }
  EXPECT_NO_THROW(table.add(route("DELETE", "/api/items/{id}/"), "rogue", nullptr));
}

TEST(RouteTable, RemovePluginDropsOnlyItsRoutes) {
  RouteTable table;
  table.add(route("GET", "/a/"), "one", nullptr);
  table.add(route("GET", "/b/"), "two", nullptr);
  table.removePlugin("one");
  EXPECT_FALSE(table.match("GET", "/a/").route);
  EXPECT_TRUE(table.match("GET", "/b/").route);
}

TEST(RouteTable, MalformedPatternsAreRefused) {
  RouteTable table;
  EXPECT_THROW(table.add(route("GET", "api/x/"), "p", nullptr), std::runtime_error);
  EXPECT_THROW(table.add(route("GET", "/api//x/"), "p", nullptr), std::runtime_error);
  EXPECT_THROW(
      table.add({.method = "GET", .path = "/x/", .access = Access::Public, .handler = nullptr}, "p",
                nullptr),
      std::runtime_error);
}

TEST(RouteTable, AnIdempotentRouteMustNotBePublic) {
  RouteTable table;
  RouteSpec open = route("POST", "/api/x/");
  open.idempotent = true;
  try {
    table.add(open, "p", nullptr);
    FAIL() << "a public idempotent route was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "plugin 'p': POST /api/x/ is idempotent, so it must not be public");
  }
  open.access = Access::Authenticated;
  EXPECT_NO_THROW(table.add(open, "p", nullptr));
}

TEST(RouteTable, AScopeIsAreaColonRightOnARouteThatIsNotPublic) {
  RouteTable table;
  RouteSpec spec = route("GET", "/api/x/");
  spec.access = Access::Authenticated;
  for (const char* bad : {"orders", ":read", "orders:", "Orders:read", "orders read", "a:b c"}) {
    spec.scope = bad;
    EXPECT_THROW(table.add(spec, "p", nullptr), std::runtime_error) << bad;
  }
  spec.scope = "orders:read";
  spec.access = Access::Public;
  EXPECT_THROW(table.add(spec, "p", nullptr), std::runtime_error);
  spec.access = Access::Staff;
  EXPECT_NO_THROW(table.add(spec, "p", nullptr));
}

}  // namespace
}  // namespace duka::host
