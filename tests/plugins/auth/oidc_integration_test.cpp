// OpenID Connect through the real binary against a real provider (oidc-provider on Node):
// the authorization code flow with PKCE exchanged by duka, login with an ID token, the
// provider's access tokens as Bearer, staff from the provider's claim, and refusals.
#include <Poco/JSON/Parser.h>

#include "integration/server_fixture.hpp"
#include "support/accounts.hpp"
#include "support/oidc_test_provider.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

std::string json(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

class OidcTest : public ServerTest {
 protected:
  void SetUp() override {
    provider_ = OidcTestProvider::start();
    DUKA_SKIP_WITHOUT_OIDC(provider_);
    startWith(testPluginDir(), "auth, event_recorder", provider_->authSection("duka-api"));
  }

  Poco::JSON::Object::Ptr me(const std::string& access) {
    const auto response = client_->get("/api/me/", bearer(access));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.json();
  }

  std::unique_ptr<OidcTestProvider> provider_;
};

TEST_P(OidcTest, TheCodeFlowWithPkceLogsIn) {
  const auto code = provider_->authorizationCode("wairimu");
  const auto response = client_->post("/api/login/", json(code));
  ASSERT_EQ(response.status, 200) << response.body << server_->output();
  const auto tokens = response.json();
  EXPECT_EQ(tokens->getValue<std::string>("token_type"), "Bearer");
  const auto principal = me(tokens->getValue<std::string>("access"));
  EXPECT_EQ(principal->getValue<std::string>("username"), "wairimu");
  EXPECT_FALSE(principal->getValue<bool>("staff"));
  // duka's refresh token works for provider users too.
  Poco::JSON::Object::Ptr refresh = new Poco::JSON::Object;
  refresh->set("refresh", tokens->getValue<std::string>("refresh"));
  EXPECT_EQ(client_->post("/api/token/refresh/", json(refresh)).status, 200);
}

TEST_P(OidcTest, TheLoginOptionsNameTheProvidersAuthorizationEndpoint) {
  const auto options = client_->get("/api/login/options/");
  ASSERT_EQ(options.status, 200) << options.body;
  const auto answer = options.json();
  EXPECT_TRUE(answer->getValue<bool>("password"));
  EXPECT_TRUE(answer->getValue<bool>("openid"));
  EXPECT_EQ(answer->getValue<std::string>("authorization_endpoint"), provider_->issuer() + "/auth");
  EXPECT_EQ(answer->getValue<std::string>("client_id"), "duka");
  EXPECT_EQ(answer->getValue<std::string>("scope"), "openid profile email");
}

TEST_P(OidcTest, ACodeIsGoodOnce) {
  const auto code = provider_->authorizationCode("otieno");
  EXPECT_EQ(client_->post("/api/login/", json(code)).status, 200);
  const auto again = client_->post("/api/login/", json(code));
  EXPECT_EQ(again.status, 401) << again.body;
  auto wrongVerifier = provider_->authorizationCode("otieno");
  wrongVerifier->set("code_verifier", std::string(43, 'x'));
  EXPECT_EQ(client_->post("/api/login/", json(wrongVerifier)).status, 401);
}

TEST_P(OidcTest, AnIdTokenLogsInAndTheSubjectIsStable) {
  const auto first = provider_->tokens("staff-kamau");
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("id_token", first->getValue<std::string>("id_token"));
  const auto response = client_->post("/api/login/", json(body));
  ASSERT_EQ(response.status, 200) << response.body << server_->output();
  const auto principal = me(response.json()->getValue<std::string>("access"));
  EXPECT_EQ(principal->getValue<std::string>("username"), "staff-kamau");
  EXPECT_TRUE(principal->getValue<bool>("staff"));  // roles: [staff] from the provider

  const auto second =
      client_->post("/api/login/", json(provider_->authorizationCode("staff-kamau")));
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(me(second.json()->getValue<std::string>("access"))->getValue<std::string>("sub"),
            principal->getValue<std::string>("sub"));
}

TEST_P(OidcTest, TamperedOrForeignIdTokensAreRefusedAlike) {
  const std::string idToken = provider_->tokens("mwangi")->getValue<std::string>("id_token");
  std::string tampered = idToken;
  tampered[tampered.find('.') + 3] ^= 1;
  for (const std::string& bad : {tampered, idToken.substr(0, idToken.rfind('.')),
                                 std::string("eyJhbGciOiJub25lIn0.e30."), std::string("junk")}) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("id_token", bad);
    const auto response = client_->post("/api/login/", json(body));
    EXPECT_EQ(response.status, 401) << bad;
    EXPECT_EQ(response.json()->getValue<std::string>("detail"), "The credentials are not valid.");
  }
  // The provider's access token is not an ID token for duka (audience duka-api).
  Poco::JSON::Object::Ptr access = new Poco::JSON::Object;
  access->set("id_token", provider_->tokens("mwangi")->getValue<std::string>("access_token"));
  EXPECT_EQ(client_->post("/api/login/", json(access)).status, 401);
}

TEST_P(OidcTest, TheProvidersAccessTokensWorkAsBearer) {
  const auto tokens = provider_->tokens("staff-achieng");
  const std::string access = tokens->getValue<std::string>("access_token");
  const auto principal = me(access);
  EXPECT_TRUE(principal->getValue<bool>("staff"));
  EXPECT_EQ(client_->get("/api/plugins/", bearer(access)).status, 200);
  // An ID token (audience duka, not duka-api) is not a bearer token.
  EXPECT_EQ(client_->get("/api/me/", bearer(tokens->getValue<std::string>("id_token"))).status,
            401);
}

TEST_P(OidcTest, LocalAccountsStillWorkBesideTheProvider) {
  registerUser(*client_, "local-user");
  login(*client_, "local-user");
}

DUKA_SERVER_BACKENDS(OidcTest);

// Without oidc_audience, the provider's access tokens are not accepted.
class OidcNoAudienceTest : public OidcTest {
 protected:
  void SetUp() override {
    provider_ = OidcTestProvider::start();
    DUKA_SKIP_WITHOUT_OIDC(provider_);
    startWith(testPluginDir(), "auth", provider_->authSection());
  }
};

TEST_P(OidcNoAudienceTest, ProviderAccessTokensAreRefused) {
  const auto tokens = provider_->tokens("staff-achieng");
  EXPECT_EQ(client_->get("/api/me/", bearer(tokens->getValue<std::string>("access_token"))).status,
            401);
}

DUKA_SERVER_BACKENDS(OidcNoAudienceTest);

// A provider that is down at start does not stop duka; logins fail with the usual 401.
class OidcProviderDownTest : public ServerTest {
 protected:
  void SetUp() override {
    startWith(
        testPluginDir(), "auth",
        "[auth]\noidc_issuer = http://127.0.0.1:1\noidc_client_id = duka\noidc_timeout_s = 2\n");
  }
};

TEST_P(OidcProviderDownTest, LoginsFailAndTheServerServes) {
  EXPECT_EQ(client_->post("/api/login/", R"({"id_token":"a.b.c"})").status, 401);
  EXPECT_EQ(
      client_->post("/api/login/", R"({"code":"c","redirect_uri":"http://127.0.0.1/cb"})").status,
      401);
  EXPECT_EQ(client_->get("/health").status, 200);
  registerUser(*client_, "still-works");
  // A sign-in page learns that the provider cannot be reached, and offers passwords.
  const auto options = client_->get("/api/login/options/").json();
  EXPECT_TRUE(options->getValue<bool>("openid"));
  EXPECT_TRUE(options->isNull("authorization_endpoint"));
  EXPECT_TRUE(options->getValue<bool>("password"));
}

DUKA_SERVER_BACKENDS(OidcProviderDownTest);

}  // namespace
}  // namespace duka::test

namespace duka::test {
namespace {

// HTTPS to the provider: its certificate must chain to a CA of the system store (here made
// trusted through OpenSSL's SSL_CERT_FILE) and name the host duka connects to.
class OidcHttpsTest : public ServerTest {
 protected:
  void SetUp() override {}

  // makeCertificate writes a self-signed certificate for subjectAltName and its key.
  std::pair<std::string, std::string> makeCertificate(const std::string& name,
                                                      const std::string& subjectAltName) {
    const std::string cert = dir_.file(name + ".pem"), key = dir_.file(name + ".key");
    const auto [status, output] =
        runProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=duka test provider", "-addext",
                    "subjectAltName=" + subjectAltName, "-keyout", key, "-out", cert});
    if (status != 0)
      throw std::runtime_error("openssl failed: " + output);
    return {cert, key};
  }

  bool idTokenLogin(OidcTestProvider& provider) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("id_token", provider.tokens("njambi")->getValue<std::string>("id_token"));
    return client_->post("/api/login/", json(body)).status == 200;
  }
};

TEST_P(OidcHttpsTest, TrustsACertificateOfTheCaStore) {
  const auto [cert, key] = makeCertificate("good", "IP:127.0.0.1");
  auto provider = OidcTestProvider::startHttps(cert, key);
  DUKA_SKIP_WITHOUT_OIDC(provider);
  startWith(testPluginDir(), "auth", provider->authSection(), {{"SSL_CERT_FILE", cert}});
  EXPECT_TRUE(idTokenLogin(*provider)) << server_->output();
}

TEST_P(OidcHttpsTest, RefusesACertificateOutsideTheCaStore) {
  const auto [cert, key] = makeCertificate("untrusted", "IP:127.0.0.1");
  auto provider = OidcTestProvider::startHttps(cert, key);
  DUKA_SKIP_WITHOUT_OIDC(provider);
  startWith(testPluginDir(), "auth", provider->authSection());
  EXPECT_FALSE(idTokenLogin(*provider));
  server_->stop();
  EXPECT_NE(server_->output().find("discovery failed"), std::string::npos) << server_->output();
}

TEST_P(OidcHttpsTest, RefusesACertificateForAnotherHost) {
  const auto [cert, key] = makeCertificate("elsewhere", "DNS:id.example.com");
  auto provider = OidcTestProvider::startHttps(cert, key);
  DUKA_SKIP_WITHOUT_OIDC(provider);
  startWith(testPluginDir(), "auth", provider->authSection(), {{"SSL_CERT_FILE", cert}});
  // The login flow itself trusts the certificate too and would fail on the host name: it
  // is the ID token of another, trusted provider run that is offered here.
  auto trusted = OidcTestProvider::start();
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("id_token", trusted->tokens("njambi")->getValue<std::string>("id_token"));
  EXPECT_EQ(client_->post("/api/login/", json(body)).status, 401);
  server_->stop();
  EXPECT_NE(server_->output().find("discovery failed"), std::string::npos) << server_->output();
}

DUKA_SERVER_BACKENDS(OidcHttpsTest);

}  // namespace
}  // namespace duka::test
