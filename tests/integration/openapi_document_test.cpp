// The OpenAPI document of duka with every shipped plugin passes the validators clients and
// tools use: @apidevtools/swagger-parser and redocly lint's recommended rules (npm packages
// of tests/support/openapi-lint's lock file, run by its validate.mjs).
#include <unistd.h>

#include <duka/testing/child_process.hpp>
#include <fstream>
#include <iostream>

#include "integration/server_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class OpenApiDocument : public ServerTest {
 protected:
  void SetUp() override {}
};

std::string lintFolder() {
  return sourceDir() + "/tests/support/openapi-lint";
}

TEST_P(OpenApiDocument, PassesSwaggerParserAndRedoclyLint) {
  const bool installed = ::access((lintFolder() + "/node_modules/@redocly/cli").c_str(), R_OK) == 0;
  if (!installed || runProcess({"node", "--version"}).first != 0) {
    if (std::getenv("DUKA_REQUIRE_OPENAPI_LINT"))
      FAIL() << "DUKA_REQUIRE_OPENAPI_LINT is set but Node.js or the validators are missing";
    GTEST_SKIP() << "npm ci --prefix tests/support/openapi-lint installs the validators";
  }
  startShipped("auth, customers, inventory, orders, audit, sms",
               "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n");
  const auto document = client_->get("/api/openapi.json");
  ASSERT_EQ(document.status, 200);
  TempDir dir;
  const std::string file = dir.file("openapi.json");
  std::ofstream(file) << document.body;
  const auto [code, output] = runProcess({"node", lintFolder() + "/validate.mjs", file});
  EXPECT_EQ(code, 0) << output;
  std::cout << output;
  EXPECT_NE(output.find("swagger-parser: valid"), std::string::npos) << output;
  EXPECT_NE(output.find("redocly: 0 errors"), std::string::npos) << output;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OpenApiDocument, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
