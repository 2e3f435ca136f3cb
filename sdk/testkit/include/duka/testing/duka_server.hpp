// DukaServer: duka serving the plugin under test, for a plugin's own GoogleTest tests: the
// installed duka, the plugins of $DUKA_PLUGIN_DIRS (duka_add_plugin_test sets it: the plugin's
// build folder, then the installed plugins), a fresh SQLite database, a free port.
//
//   auto server = duka::test::DukaServer::start("acme", "[acme]\ngreeting = Hi\n");
//   auto answer = server->client().get("/api/acme/");
//   EXPECT_EQ(answer.status, 200);
#pragma once

#include <duka/testing/duka_process.hpp>
#include <duka/testing/http_client.hpp>
#include <duka/testing/temp_dir.hpp>
#include <map>
#include <memory>
#include <string>

namespace duka::test {

class DukaServer {
 public:
  // start serves the plugins named in enabled (comma-separated); ini is appended to the
  // configuration (the plugins' sections). It throws with duka's output if duka stops.
  static std::unique_ptr<DukaServer> start(const std::string& enabled, const std::string& ini = "");

  int port() const { return process_->port(); }
  // client is a keep-alive HTTP client of this server.
  HttpClient client() const { return HttpClient(port()); }
  // staffToken creates a staff account (duka --add-user) and logs it in (the auth plugin
  // must be enabled): a bearer token for staff routes.
  std::string staffToken(const std::string& username = "staff");
  // output is what duka logged so far; waitForOutput waits up to timeout for text in it.
  std::string output() const { return process_->output(); }
  bool waitForOutput(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    return process_->waitForOutput(text, timeout);
  }
  // stop sends SIGTERM and returns duka's exit status.
  int stop() { return process_->stop(); }

 private:
  DukaServer() = default;
  TempDir dir_;
  std::string config_;
  std::unique_ptr<DukaProcess> process_;
};

}  // namespace duka::test
