// OidcTestProvider: a real OpenID provider for integration tests: the npm package
// oidc-provider run by Node from tests/support/oidc-provider, on 127.0.0.1 and a free
// port, plus a browser-less authorization code flow (PKCE) against it.
#pragma once

#include <Poco/JSON/Object.h>

#include <duka/testing/child_process.hpp>
#include <memory>
#include <string>

namespace duka::test {

class OidcTestProvider {
 public:
  static constexpr const char* kClientSecret = "duka-test-client-secret";
  static constexpr const char* kRedirectUri = "http://127.0.0.1/callback";

  // start returns nullptr when Node or the npm packages are missing, or throws when
  // DUKA_REQUIRE_OIDC is set (CI installs both).
  static std::unique_ptr<OidcTestProvider> start();
  // startHttps serves HTTPS with the given PEM certificate and key instead.
  static std::unique_ptr<OidcTestProvider> startHttps(const std::string& certFile,
                                                      const std::string& keyFile);

  const std::string& issuer() const { return issuer_; }
  // authorizationCode logs account in and returns {"code","code_verifier","redirect_uri"}.
  Poco::JSON::Object::Ptr authorizationCode(const std::string& account) const;
  // tokens logs account in, exchanges the code itself and returns
  // {"id_token","access_token"} (the access token a JWT for audience "duka-api").
  Poco::JSON::Object::Ptr tokens(const std::string& account) const;
  // authSection is an [auth] section for duka pointing at this provider.
  std::string authSection(const std::string& audience = "") const;

 private:
  static std::unique_ptr<OidcTestProvider> launch(const std::vector<std::string>& extraArgs);
  Poco::JSON::Object::Ptr runFlow(const std::string& account, const std::string& mode) const;
  std::unique_ptr<ChildProcess> process_;
  std::string caFile_;  // trusted by the login flow when the provider serves HTTPS
  std::string issuer_;
};

#define DUKA_SKIP_WITHOUT_OIDC(provider) \
  if (!(provider))                       \
  GTEST_SKIP() << "no Node.js or oidc-provider (npm ci in tests/support/oidc-provider)"

}  // namespace duka::test
