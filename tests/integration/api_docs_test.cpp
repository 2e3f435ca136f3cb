// GET /api/docs/: the API reference page. duka serves the page and Redoc's bundle itself; a
// headless Chromium (Debian's) renders it with every host but 127.0.0.1 unreachable, and the
// rendered page lists the operations of every shipped plugin.
#include <unistd.h>

#include <duka/testing/child_process.hpp>

#include "integration/server_fixture.hpp"

namespace duka::test {
namespace {

class ApiDocs : public ServerTest {
 protected:
  void SetUp() override {
    startShipped("auth, customers, inventory, orders, audit, sms",
                 "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n");
  }
};

TEST_P(ApiDocs, ThePageAndItsRendererAreServedByDuka) {
  const auto page = client_->get("/api/docs/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find(R"(<redoc spec-url="/api/openapi.json">)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<script src="/api/docs/redoc.standalone.js">)"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos);  // nothing from elsewhere
  const auto script = client_->get("/api/docs/redoc.standalone.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("Cache-Control"), "public, max-age=86400");
  EXPECT_GT(script.body.size(), 100000u);
  EXPECT_EQ(client_->get("/api/docs").status, 200);  // without the slash too
}

TEST_P(ApiDocs, AHeadlessBrowserRendersTheOperationsOffline) {
  if (runProcess({"chromium", "--version"}).first != 0) {
    if (std::getenv("DUKA_REQUIRE_BROWSER"))
      FAIL() << "DUKA_REQUIRE_BROWSER is set but chromium is missing";
    GTEST_SKIP() << "apt-get install chromium to render the page";
  }
  TempDir profile;
  const auto [code, dom] = runProcess(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
       "--no-first-run", "--user-data-dir=" + profile.path(),
       // Only duka answers: a page that needed anything from elsewhere would not render.
       "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--virtual-time-budget=15000",
       "--dump-dom", "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/docs/"});
  EXPECT_EQ(code, 0) << dom.substr(0, 2000);
  for (const char* operation :
       {"Place an order; its stock is reserved", "Log in with a password", "Create a customer",
        "Add an item", "Audit rows, oldest first", "The SMS outbox, newest first",
        "Liveness: 200 while the process serves"}) {
    EXPECT_NE(dom.find(operation), std::string::npos) << operation;
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ApiDocs, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
