// ServerTest: starts the real duka binary on an ephemeral port against an empty database
// (SQLite or PostgreSQL, by parameter), with the probe and fakeauth test plugins.
#pragma once

#include <gtest/gtest.h>

#include "support/duka_process.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace duka::test {

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  // startServer starts duka; extra is appended to the INI file.
  void startServer(const std::string& enabled = "fakeauth, probe", const std::string& extra = "") {
    if (!db_)
      db_ = TestDatabase::create(GetParam(), dir_);
    if (!db_)
      GTEST_SKIP() << "no PostgreSQL test cluster";
    server_ = DukaProcess::start(serverIni(db_->iniSection(), testPluginDir(), enabled, extra));
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void SetUp() override { startServer(); }

  static std::map<std::string, std::string> bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<DukaProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

#define DUKA_SERVER_BACKENDS(Suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                         \
                           ::testing::Values(Backend::Sqlite, Backend::Postgresql), \
                           [](const auto& info) { return backendLabel(info.param); })

}  // namespace duka::test
