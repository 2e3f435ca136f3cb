// The host's built-in routes, access levels and request ids, through the real binary.
#include <ctime>
#include <set>
#include <sstream>

#include "duka/abi.hpp"
#include "server_fixture.hpp"

namespace duka::test {
namespace {

using ServerRoutes = ServerTest;

TEST_P(ServerRoutes, HealthAndReady) {
  auto health = client_->get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(health.header("Content-Type"), "application/json; charset=utf-8");
  auto ready = client_->get("/ready/");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json()->getValue<std::string>("database"), "ok");
}

TEST_P(ServerRoutes, EveryResponseCarriesARequestIdAndEchoesTheClients) {
  auto generated = client_->get("/health");
  EXPECT_EQ(generated.header("X-Request-Id").size(), 32u);
  auto echoed = client_->get("/health", {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(echoed.header("X-Request-Id"), "trace-42");
  auto problem = client_->get("/nowhere", {{"X-Request-Id", "trace-43"}});
  EXPECT_EQ(problem.header("X-Request-Id"), "trace-43");
  EXPECT_EQ(problem.json()->getValue<std::string>("request_id"), "trace-43");
}

TEST_P(ServerRoutes, AccessLevels) {
  auto anonymous = client_->get("/api/probe/me/");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(anonymous.header("Content-Type"), "application/problem+json; charset=utf-8");
  EXPECT_EQ(client_->get("/api/probe/me/", bearer("forged")).status, 401);
  EXPECT_EQ(client_->get("/api/probe/me/", {{"Authorization", "Basic dXNlcjpwdw=="}}).status, 401);
  auto user = client_->get("/api/probe/me/", bearer("user-token"));
  EXPECT_EQ(user.status, 200);
  EXPECT_EQ(user.json()->getValue<std::string>("sub"), "2");
  EXPECT_EQ(client_->get("/api/probe/staff/", bearer("user-token")).status, 403);
  EXPECT_EQ(client_->get("/api/probe/staff/", bearer("staff-token")).status, 200);
}

TEST_P(ServerRoutes, PrincipalLinkersFillThePrincipalsLinks) {
  startServer("fakeauth, probe, principal_linker_stub");
  // staff-token is subject "1", which the linker links to customer 42.
  auto linked = client_->get("/api/probe/me/", bearer("staff-token"));
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json()->getValue<int>("customer_id"), 42);
  // A link the authenticator set is kept.
  EXPECT_EQ(
      client_->get("/api/probe/me/", bearer("user-token")).json()->getValue<int>("customer_id"), 7);
}

TEST_P(ServerRoutes, PluginListIsForStaff) {
  EXPECT_EQ(client_->get("/api/plugins/").status, 401);
  EXPECT_EQ(client_->get("/api/plugins/", bearer("user-token")).status, 403);
  auto list = client_->get("/api/plugins", bearer("staff-token"));
  ASSERT_EQ(list.status, 200);
  auto json = list.json();
  EXPECT_EQ(json->getValue<int>("count"), 2);
  auto first = json->getArray("results")->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("name"), "fakeauth");
  EXPECT_EQ(first->getValue<std::string>("state"), "started");
  EXPECT_TRUE(first->has("version"));
  EXPECT_TRUE(first->has("description"));
  EXPECT_TRUE(first->has("requires"));
}

TEST_P(ServerRoutes, MetricsCountRequestsByRouteTemplate) {
  client_->get("/api/probe/items/5/");
  client_->get("/api/probe/items/6");
  client_->get("/missing");
  auto metrics = client_->get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_http_requests_total{route=\"/api/probe/items/{id}/"
                              "\",method=\"GET\",status=\"200\"} 2"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("route=\"unmatched\",method=\"any\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("duka_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_plugins 2"), std::string::npos);
  // The database's figures: the default pool of 8, and no write waiting now.
  EXPECT_NE(metrics.body.find("duka_db_pool_size 8\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("duka_db_pool_open "), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_db_pool_in_use "), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_db_writes_queued 0\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_db_pool_waits_total "), std::string::npos);
  EXPECT_NE(metrics.body.find("duka_db_pool_wait_timeouts_total 0\n"), std::string::npos);
  if (GetParam() == Backend::Sqlite) {
    // The migrations were written through the writer: one commit at least.
    EXPECT_NE(metrics.body.find("duka_sqlite_writer_batch_size_bucket{le=\"1\"} "),
              std::string::npos);
    EXPECT_EQ(metrics.body.find("duka_sqlite_writer_batch_size_count 0\n"), std::string::npos);
  } else {
    EXPECT_EQ(metrics.body.find("duka_sqlite_writer"), std::string::npos);
  }
}

TEST_P(ServerRoutes, MetricsDescribeTheProcessAndTheBuild) {
  const std::string body = client_->get("/metrics").body;
  EXPECT_NE(body.find("duka_build_info{version=\"" DUKA_SDK_VERSION "\",sdk=\"" DUKA_SDK_VERSION
                      "\",abi=\"" +
                      std::to_string(DUKA_SDK_ABI_VERSION) + "\"} 1\n"),
            std::string::npos)
      << body;
  // value reads the sample of a metric without labels.
  auto value = [&](const std::string& name) {
    const auto at = body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << name;
    return at == std::string::npos ? -1.0 : std::stod(body.substr(at + name.size() + 2));
  };
  EXPECT_GE(value("process_cpu_seconds_total"), 0.0);
  EXPECT_GT(value("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(value("process_open_fds"), 3.0);
  EXPECT_GE(value("process_max_fds"), value("process_open_fds"));
  const double started = value("process_start_time_seconds");
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 600) << "duka started in this test";
  // Every sample line belongs to a family with a TYPE line (the text format's rule).
  std::istringstream lines(body);
  std::set<std::string> typed;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# TYPE ")) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.empty() || line[0] == '#')
      continue;
    std::string name = line.substr(0, line.find_first_of("{ "));
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (!typed.count(name) && name.ends_with(suffix))
        name = name.substr(0, name.size() - std::string(suffix).size());
    }
    EXPECT_TRUE(typed.count(name)) << line;
  }
}

TEST_P(ServerRoutes, OpenApiListsEveryRegisteredRoute) {
  auto doc = client_->get("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  auto paths = doc.json()->getObject("paths");
  // Paths are documented without their trailing slash; both forms are served.
  for (const char* path : {"/health", "/ready", "/metrics", "/api/plugins", "/api/probe/items/{id}",
                           "/api/probe/echo"}) {
    EXPECT_TRUE(paths->has(path)) << path;
  }
  EXPECT_EQ(paths->getObject("/api/probe/me")->getObject("get")->getArray("security")->size(), 1u);
  EXPECT_EQ(paths->getObject("/health")->getObject("get")->getArray("security")->size(), 0u);
}

TEST_P(ServerRoutes, NonPublicRoutesAnswer401WithoutAnAuthenticator) {
  server_->stop();
  startServer("probe");
  EXPECT_EQ(client_->get("/api/probe/me/", bearer("staff-token")).status, 401);
  EXPECT_EQ(client_->get("/api/plugins/", bearer("staff-token")).status, 401);
  EXPECT_EQ(client_->get("/api/probe/").status, 200);
}

DUKA_SERVER_BACKENDS(ServerRoutes);

}  // namespace
}  // namespace duka::test
