// FakeOidcServer: an in-process OpenID provider on 127.0.0.1 for unit tests: discovery,
// a JWKS that a test can swap (and whose fetches it counts), and a token endpoint that
// records what it was sent and answers what the test set.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace duka::auth::test {

class FakeOidcServer {
 public:
  FakeOidcServer();
  ~FakeOidcServer();

  std::string issuer() const;
  void setJwks(const std::string& json);
  void setAlgorithms(const std::string& jsonArray);
  // setTokenAnswer sets what POST /token answers.
  void setTokenAnswer(int status, const std::string& body);
  int jwksFetches() const { return jwksFetches_; }
  int discoveryFetches() const { return discoveryFetches_; }
  // lastTokenRequest is the last POST /token: its form body and Authorization header.
  std::pair<std::string, std::string> lastTokenRequest() const;

 private:
  class Handler;
  class Factory;
  mutable std::mutex mutex_;
  std::string jwks_ = R"({"keys":[]})";
  std::string algorithms_ = R"(["RS256","ES256"])";
  int tokenStatus_ = 400;
  std::string tokenBody_ = R"({"error":"invalid_grant"})";
  std::string lastTokenBody_;
  std::string lastAuthorization_;
  std::atomic<int> jwksFetches_{0};
  std::atomic<int> discoveryFetches_{0};
  Poco::ThreadPool threads_;  // its own, so that going waits for every handler
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace duka::auth::test
