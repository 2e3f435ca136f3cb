#include "support/accounts.hpp"

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <duka/testing/duka_process.hpp>
#include <sstream>
#include <stdexcept>

namespace duka::test {

std::string credentials(const std::string& username, const std::string& password) {
  Poco::JSON::Object body;
  body.set("username", username);
  body.set("password", password);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

namespace {

Tokens tokensOf(const HttpResponse& response, int expected, const std::string& what) {
  if (response.status != expected) {
    throw std::runtime_error(what + " answered " + std::to_string(response.status) + ": " +
                             response.body);
  }
  const auto json = response.json();
  return {json->getValue<std::string>("access"), json->getValue<std::string>("refresh")};
}

}  // namespace

Tokens registerUser(HttpClient& client, const std::string& username, const std::string& password) {
  return tokensOf(client.post("/api/register/", credentials(username, password)), 201,
                  "register " + username);
}

Tokens login(HttpClient& client, const std::string& username, const std::string& password) {
  return tokensOf(client.post("/api/login/", credentials(username, password)), 200,
                  "login " + username);
}

void addUser(const std::string& configPath, const std::string& username, bool staff,
             const std::string& password) {
  std::vector<std::string> args{"--config=" + configPath, "--add-user=" + username};
  if (staff)
    args.push_back("--staff");
  const RunResult result = runDuka(args, {{"DUKA_PASSWORD", password}});
  if (result.exitCode != 0)
    throw std::runtime_error("duka --add-user=" + username + " failed: " + result.output);
}

}  // namespace duka::test
