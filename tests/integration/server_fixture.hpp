// ServerTest: starts the real duka binary on an ephemeral port against an empty database
// (SQLite or PostgreSQL, by parameter), by default with the probe and fakeauth test plugins;
// startShipped() starts it with the shipped plugins instead.
#pragma once

#include <gtest/gtest.h>

#include <duka/testing/duka_process.hpp>
#include <duka/testing/http_client.hpp>

#include "support/test_database.hpp"
#include "support/test_paths.hpp"

namespace duka::test {

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  // startServer starts duka with plugins of tests/plugins; extra is appended to the INI.
  void startServer(const std::string& enabled = "fakeauth, probe", const std::string& extra = "") {
    startWith(testPluginDir(), enabled, extra);
  }
  // startShipped starts duka with the shipped plugins (plugins/, examples/).
  void startShipped(const std::string& enabled, const std::string& extra = "",
                    const std::map<std::string, std::string>& env = {}) {
    startWith(pluginDir(), enabled, extra, env);
  }
  void startWith(const std::string& dir, const std::string& enabled, const std::string& extra,
                 const std::map<std::string, std::string>& env = {}) {
    if (!db_)
      db_ = TestDatabase::create(GetParam(), dir_);
    if (!db_)
      GTEST_SKIP() << "no PostgreSQL test cluster";
    configPath_ = dir_.write("duka.ini", serverIni(db_->iniSection(), dir, enabled, extra));
    server_ = DukaProcess::start(serverIni(db_->iniSection(), dir, enabled, extra), env);
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void SetUp() override { startServer(); }

  // runCli runs duka with args against the running server's configuration and database.
  RunResult runCli(std::vector<std::string> args,
                   const std::map<std::string, std::string>& env = {},
                   const std::string& stdinText = "") {
    args.insert(args.begin(), "--config=" + configPath_);
    return runDuka(args, env, stdinText);
  }

  static std::map<std::string, std::string> bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  TempDir dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<DukaProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::string configPath_;
};

#define DUKA_SERVER_BACKENDS(Suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                         \
                           ::testing::Values(Backend::Sqlite, Backend::Postgresql), \
                           [](const auto& info) { return backendLabel(info.param); })

}  // namespace duka::test
