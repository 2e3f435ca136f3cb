#include "fake_oidc_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace duka::auth::test {

class FakeOidcServer::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeOidcServer& server) : server_(server) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    int status = 200;
    std::string answer;
    {
      std::lock_guard lock(server_.mutex_);
      const std::string base = server_.issuer();
      if (request.getURI() == "/.well-known/openid-configuration") {
        ++server_.discoveryFetches_;
        answer = R"({"issuer":")" + base + R"(","jwks_uri":")" + base +
                 R"(/jwks","token_endpoint":")" + base +
                 R"(/token","id_token_signing_alg_values_supported":)" + server_.algorithms_ + "}";
      } else if (request.getURI() == "/jwks") {
        ++server_.jwksFetches_;
        answer = server_.jwks_;
      } else if (request.getURI() == "/token" && request.getMethod() == "POST") {
        server_.lastTokenBody_ = body;
        server_.lastAuthorization_ = request.get("Authorization", "");
        status = server_.tokenStatus_;
        answer = server_.tokenBody_;
      } else {
        status = 404;
        answer = "{}";
      }
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.sendBuffer(answer.data(), answer.size());
  }

 private:
  FakeOidcServer& server_;
};

class FakeOidcServer::Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeOidcServer& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(server_);
  }

 private:
  FakeOidcServer& server_;
};

FakeOidcServer::FakeOidcServer() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), threads_, socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

FakeOidcServer::~FakeOidcServer() {
  server_->stopAll(true);
  threads_.joinAll();
}

std::string FakeOidcServer::issuer() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

void FakeOidcServer::setJwks(const std::string& json) {
  std::lock_guard lock(mutex_);
  jwks_ = json;
}

void FakeOidcServer::setAlgorithms(const std::string& jsonArray) {
  std::lock_guard lock(mutex_);
  algorithms_ = jsonArray;
}

void FakeOidcServer::setTokenAnswer(int status, const std::string& body) {
  std::lock_guard lock(mutex_);
  tokenStatus_ = status;
  tokenBody_ = body;
}

std::pair<std::string, std::string> FakeOidcServer::lastTokenRequest() const {
  std::lock_guard lock(mutex_);
  return {lastTokenBody_, lastAuthorization_};
}

}  // namespace duka::auth::test
