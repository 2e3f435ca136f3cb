// Provider tokens (RS256 and ES256) against a fake provider, and the attacks of RFC 8725:
// alg none, HMAC signed with the provider's public key, unknown kid, tampering, wrong
// claims; the JWKS refetch limit; the code exchange.
#include "provider_token_verifier.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "claim_reader.hpp"
#include "compact_jws.hpp"
#include "fake_oidc_server.hpp"
#include "test_keys.hpp"

namespace duka::auth {
namespace {

using test::FakeOidcServer;
using test::TestKey;

class ProviderTokens : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.setJwks(test::jwks({&rsa_, &ec_}));
    settings_.oidcIssuer = server_.issuer();
    settings_.oidcClientId = "duka";
    settings_.oidcClientSecret = "client secret";
    settings_.oidcAudience = "duka-api";
    settings_.staffClaim = "realm_access.roles";
    settings_.staffValue = "staff";
    provider_ = std::make_unique<OidcProvider>(settings_, Poco::Logger::get("test"));
    verifier_ =
        std::make_unique<ProviderTokenVerifier>(*provider_, settings_, Poco::Logger::get("test"));
  }

  Poco::JSON::Object::Ptr claims(const std::string& audience = "duka") {
    const std::int64_t now = unixNow();
    Poco::JSON::Object::Ptr c = new Poco::JSON::Object;
    c->set("iss", server_.issuer());
    c->set("aud", audience);
    c->set("sub", "user-7");
    c->set("iat", now);
    c->set("exp", now + 300);
    c->set("preferred_username", "njeri");
    c->set("email", "njeri@example.com");
    return c;
  }

  static Poco::JSON::Object::Ptr header(const std::string& alg, const std::string& kid) {
    Poco::JSON::Object::Ptr h = new Poco::JSON::Object;
    h->set("alg", alg);
    h->set("kid", kid);
    return h;
  }

  static inline TestKey rsa_ = test::makeRsaKey("rsa-1");
  static inline TestKey ec_ = test::makeEcKey("ec-1");
  FakeOidcServer server_;
  AuthSettings settings_;
  std::unique_ptr<OidcProvider> provider_;
  std::unique_ptr<ProviderTokenVerifier> verifier_;
};

TEST_F(ProviderTokens, AcceptsRs256AndEs256IdTokens) {
  EXPECT_TRUE(verifier_->verifyIdToken(test::signToken(rsa_, claims())));
  EXPECT_TRUE(verifier_->verifyIdToken(test::signToken(ec_, claims())));
}

TEST_F(ProviderTokens, RefusesAlgNone) {
  EXPECT_FALSE(verifier_->verifyIdToken(test::forgeToken(header("none", "rsa-1"), claims(), "")));
  EXPECT_FALSE(verifier_->verifyIdToken(test::forgeToken(header("none", ""), claims(), "")));
}

TEST_F(ProviderTokens, RefusesHmacSignedWithThePublicKey) {
  // Algorithm confusion: an attacker signs HS256 with the provider's public key as secret.
  for (const TestKey* key : {&rsa_, &ec_}) {
    const std::string unsigned_ = test::forgeToken(header("HS256", key->kid), claims(), "");
    const std::string input = unsigned_.substr(0, unsigned_.size() - 1);
    const std::string forged =
        input + "." + base64UrlEncode(test::hmacSha256(key->publicPem, input));
    EXPECT_FALSE(verifier_->verifyIdToken(forged));
  }
  // Even when the provider (wrongly) advertises HS256.
  server_.setAlgorithms(R"(["RS256","HS256","none"])");
  OidcProvider provider(settings_, Poco::Logger::get("test"));
  EXPECT_EQ(provider.algorithms(), (std::set<std::string>{"RS256"}));
}

TEST_F(ProviderTokens, RefusesAKeyOfTheWrongFamily) {
  // An ES256 header naming the RSA key's kid, signed with the EC key.
  Poco::JSON::Object::Ptr c = claims();
  TestKey ecUnderRsaKid = ec_;
  ecUnderRsaKid.kid = "rsa-1";
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(ecUnderRsaKid, c)));
}

TEST_F(ProviderTokens, RefusesAnUnknownKidAndRefetchesAtMostOnceAMinute) {
  EXPECT_TRUE(verifier_->verifyIdToken(test::signToken(rsa_, claims())));
  EXPECT_EQ(server_.jwksFetches(), 1);
  const TestKey stranger = test::makeRsaKey("rotated-2");
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(stranger, claims())));
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(stranger, claims())));
  // The first fetch was just now: the unknown kid does not make duka ask again yet.
  EXPECT_EQ(server_.jwksFetches(), 1);
}

TEST_F(ProviderTokens, PicksUpARotatedKeyOnTheFirstFetch) {
  const TestKey rotated = test::makeEcKey("rotated-3");
  server_.setJwks(test::jwks({&rsa_, &rotated}));
  EXPECT_TRUE(verifier_->verifyIdToken(test::signToken(rotated, claims())));
  EXPECT_EQ(server_.jwksFetches(), 1);
}

TEST_F(ProviderTokens, RefusesATamperedToken) {
  const std::string token = test::signToken(rsa_, claims());
  const std::size_t first = token.find('.'), second = token.rfind('.');
  auto escalated = claims();
  escalated->set("sub", "admin");
  std::ostringstream payload;
  escalated->stringify(payload);
  EXPECT_FALSE(verifier_->verifyIdToken(token.substr(0, first) + "." +
                                        base64UrlEncode(payload.str()) + token.substr(second)));
  const std::string ecToken = test::signToken(ec_, claims());
  EXPECT_FALSE(verifier_->verifyIdToken(ecToken.substr(0, ecToken.size() - 4)));
}

TEST_F(ProviderTokens, AppliesTheClaimRules) {
  auto expired = claims();
  expired->set("exp", unixNow() - 1);
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(rsa_, expired)));
  auto future = claims();
  future->set("iat", unixNow() + 3600);
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(rsa_, future)));
  auto otherIssuer = claims();
  otherIssuer->set("iss", "https://evil.example.com");
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(rsa_, otherIssuer)));
  EXPECT_FALSE(verifier_->verifyIdToken(test::signToken(rsa_, claims("someone-else"))));
}

TEST_F(ProviderTokens, AccessTokensNeedTheConfiguredAudience) {
  EXPECT_TRUE(verifier_->verifyAccessToken(test::signToken(rsa_, claims("duka-api"))));
  EXPECT_FALSE(verifier_->verifyAccessToken(test::signToken(rsa_, claims("duka"))));
  settings_.oidcAudience.clear();
  ProviderTokenVerifier noAudience(*provider_, settings_, Poco::Logger::get("test"));
  EXPECT_FALSE(noAudience.verifyAccessToken(test::signToken(rsa_, claims("duka-api"))));
}

TEST_F(ProviderTokens, MapsClaimsToAPrincipal) {
  auto c = claims();
  Poco::JSON::Object::Ptr realm = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
  roles->add(std::string("staff"));
  realm->set("roles", roles);
  c->set("realm_access", realm);
  const Principal staff = verifier_->principalOf(c);
  EXPECT_TRUE(staff.isStaff());
  EXPECT_EQ(staff.username, "njeri");
  EXPECT_EQ(staff.subject.rfind("oidc:", 0), 0u);
  EXPECT_NE(staff.subject.find(":user-7"), std::string::npos);
  const Principal plain = verifier_->principalOf(claims());
  EXPECT_FALSE(plain.isStaff());
  EXPECT_EQ(plain.subject, staff.subject);
}

TEST_F(ProviderTokens, ExchangesACodeWithBasicClientAuthentication) {
  const std::string idToken = test::signToken(rsa_, claims());
  server_.setTokenAnswer(
      200, R"({"access_token":"x","token_type":"Bearer","id_token":")" + idToken + R"("})");
  EXPECT_EQ(provider_->exchangeCode("the-code", "http://127.0.0.1/cb", "v3rifier"), idToken);
  const auto [body, authorization] = server_.lastTokenRequest();
  EXPECT_NE(body.find("grant_type=authorization_code"), std::string::npos) << body;
  EXPECT_NE(body.find("code=the-code"), std::string::npos) << body;
  EXPECT_NE(body.find("redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"), std::string::npos) << body;
  EXPECT_NE(body.find("code_verifier=v3rifier"), std::string::npos) << body;
  EXPECT_EQ(body.find("client_secret"), std::string::npos) << body;
  EXPECT_EQ(authorization.rfind("Basic ", 0), 0u);

  server_.setTokenAnswer(400, R"({"error":"invalid_grant"})");
  try {
    provider_->exchangeCode("used-code", "http://127.0.0.1/cb", "");
    FAIL() << "a refused code must throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("invalid_grant"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("client secret"), std::string::npos);
  }
}

TEST(OidcProviderDown, FailsClosedAndRecovers) {
  AuthSettings settings;
  settings.oidcIssuer = "http://127.0.0.1:1";
  settings.oidcClientId = "duka";
  settings.oidcTimeout = std::chrono::seconds(1);
  OidcProvider provider(settings, Poco::Logger::get("test"));
  EXPECT_TRUE(provider.algorithms().empty());
  EXPECT_FALSE(provider.keyFor("any", "RS256"));
  EXPECT_THROW(provider.exchangeCode("c", "http://127.0.0.1/cb", ""), std::runtime_error);
}

TEST(JwkSet, SkipsUnusableKeysAndKeepsTheRest) {
  const TestKey rsa = test::makeRsaKey("good");
  const TestKey weak = test::makeRsaKey("weak", 1024);
  Poco::JSON::Object::Ptr encryption = new Poco::JSON::Object(*rsa.jwk);
  encryption->set("kid", "enc");
  encryption->set("use", "enc");
  Poco::JSON::Object::Ptr broken = new Poco::JSON::Object;
  broken->set("kty", "EC");
  broken->set("kid", "broken");
  broken->set("crv", "P-256");
  broken->set("x", "AAAA");
  broken->set("y", "AAAA");
  Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
  for (const auto& key : {rsa.jwk, weak.jwk, encryption, broken})
    keys->add(key);
  Poco::JSON::Object document;
  document.set("keys", keys);
  std::ostringstream json;
  document.stringify(json);
  const JwkSet set = JwkSet::parse(json.str());
  EXPECT_EQ(set.size(), 1u);
  ASSERT_TRUE(set.find("good"));
  EXPECT_TRUE(set.find("good")->suits("RS256"));
  EXPECT_FALSE(set.find("good")->suits("ES256"));
  EXPECT_FALSE(set.find("good")->suits("PS256"));
  EXPECT_TRUE(set.find(""));  // the only key
  EXPECT_FALSE(set.find("weak"));
  EXPECT_THROW(JwkSet::parse("not json"), std::invalid_argument);
  EXPECT_THROW(JwkSet::parse(R"({"no":"keys"})"), std::invalid_argument);
}

TEST(AuthSettings, ChecksRulesAcrossKeys) {
  auto problems = [](std::map<std::string, std::string> values) {
    std::map<std::string, std::string> all;
    for (const auto& setting : authSettings().declared())
      all[setting.key] = setting.defaultValue;
    for (const auto& [key, value] : values)
      all[key] = value;
    std::vector<std::string> keys;
    for (const auto& problem : authSettings().problems(IniSection("auth", all)))
      keys.push_back(problem.key);
    return keys;
  };
  EXPECT_TRUE(problems({}).empty());
  EXPECT_EQ(problems({{"token_secret", "short"}}), std::vector<std::string>{"token_secret"});
  EXPECT_TRUE(problems({{"token_secret", std::string(32, 'k')}}).empty());
  EXPECT_EQ(problems({{"oidc_issuer", "http://id.example.com"}, {"oidc_client_id", "duka"}}),
            std::vector<std::string>{"oidc_issuer"});
  EXPECT_EQ(problems({{"oidc_issuer", "https://id.example.com"}}),
            std::vector<std::string>{"oidc_client_id"});
  EXPECT_TRUE(
      problems({{"oidc_issuer", "http://127.0.0.1:9000"}, {"oidc_client_id", "d"}}).empty());
  EXPECT_EQ(problems({{"oidc_audience", "api"}}), std::vector<std::string>{"oidc_audience"});
  EXPECT_EQ(problems({{"local_accounts", "false"}}), std::vector<std::string>{"local_accounts"});
}

}  // namespace
}  // namespace duka::auth
