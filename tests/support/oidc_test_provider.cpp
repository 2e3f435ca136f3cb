#include "support/oidc_test_provider.hpp"

#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <cstdlib>
#include <duka/testing/duka_process.hpp>
#include <stdexcept>

#include "support/test_paths.hpp"

namespace duka::test {

namespace {

std::string providerFolder() {
  return sourceDir() + "/tests/support/oidc-provider";
}

}  // namespace

std::unique_ptr<OidcTestProvider> OidcTestProvider::start() {
  return launch({});
}

std::unique_ptr<OidcTestProvider> OidcTestProvider::startHttps(const std::string& certFile,
                                                               const std::string& keyFile) {
  auto provider = launch({certFile, keyFile});
  if (provider)
    provider->caFile_ = certFile;
  return provider;
}

std::unique_ptr<OidcTestProvider> OidcTestProvider::launch(
    const std::vector<std::string>& extraArgs) {
  const bool required = std::getenv("DUKA_REQUIRE_OIDC") != nullptr;
  const bool installed =
      ::access((providerFolder() + "/node_modules/oidc-provider").c_str(), R_OK) == 0;
  const bool node = runProcess({"node", "--version"}).first == 0;
  if (!installed || !node) {
    if (required)
      throw std::runtime_error("DUKA_REQUIRE_OIDC is set but Node.js or oidc-provider is missing");
    return nullptr;
  }
  std::unique_ptr<OidcTestProvider> provider(new OidcTestProvider);
  std::vector<std::string> argv{"node", providerFolder() + "/server.mjs", "0", kClientSecret,
                                kRedirectUri};
  argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
  provider->process_ = std::make_unique<ChildProcess>(argv);
  provider->issuer_ = provider->process_->waitForOutput("listening ");
  return provider;
}

Poco::JSON::Object::Ptr OidcTestProvider::runFlow(const std::string& account,
                                                  const std::string& mode) const {
  std::map<std::string, std::string> env;
  if (!caFile_.empty())
    env["NODE_EXTRA_CA_CERTS"] = caFile_;
  const auto [status, output] = runProcess({"node", providerFolder() + "/login-flow.mjs", issuer_,
                                            account, kClientSecret, kRedirectUri, mode},
                                           env);
  if (status != 0)
    throw std::runtime_error("login-flow.mjs failed: " + output);
  const std::string line = output.substr(output.rfind('{'));
  return Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr OidcTestProvider::authorizationCode(const std::string& account) const {
  return runFlow(account, "code");
}

Poco::JSON::Object::Ptr OidcTestProvider::tokens(const std::string& account) const {
  return runFlow(account, "tokens");
}

std::string OidcTestProvider::authSection(const std::string& audience) const {
  return "[auth]\noidc_issuer = " + issuer_ +
         "\noidc_client_id = duka\noidc_client_secret = " + kClientSecret +
         "\noidc_audience = " + audience + "\n";
}

}  // namespace duka::test
