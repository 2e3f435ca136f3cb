// Every claim rule of SPEC 5 for provider tokens, one at a time.
#include "provider_claim_rules.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

namespace duka::auth {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

ClaimExpectations expectations() {
  return {.issuer = "https://id.example.com/realms/shop",
          .audience = "duka",
          .authorizedParty = "duka",
          .leewaySeconds = 60};
}

Poco::JSON::Object::Ptr validClaims() {
  Poco::JSON::Object::Ptr c = new Poco::JSON::Object;
  c->set("iss", "https://id.example.com/realms/shop");
  c->set("aud", "duka");
  c->set("sub", "user-1");
  c->set("exp", kNow + 300);
  c->set("iat", kNow - 5);
  return c;
}

Poco::JSON::Array::Ptr array(std::initializer_list<std::string> items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& item : items)
    a->add(item);
  return a;
}

std::string check(const Poco::JSON::Object::Ptr& claims) {
  return checkProviderClaims(claims, expectations(), kNow);
}

TEST(ProviderClaimRules, AcceptsAValidToken) {
  EXPECT_EQ(check(validClaims()), "");
}

TEST(ProviderClaimRules, IssuerMustMatchExactly) {
  auto c = validClaims();
  c->set("iss", "https://id.example.com/realms/shop/");
  EXPECT_NE(check(c), "");
  c->set("iss", "https://evil.example.com/realms/shop");
  EXPECT_NE(check(c), "");
  c->remove("iss");
  EXPECT_NE(check(c), "");
}

TEST(ProviderClaimRules, AudienceMustContainTheClient) {
  auto c = validClaims();
  c->set("aud", "someone-else");
  EXPECT_NE(check(c), "");
  c->set("aud", array({"someone-else", "another"}));
  EXPECT_NE(check(c), "");
  c->remove("aud");
  EXPECT_NE(check(c), "");
  c->set("aud", array({"duka"}));
  EXPECT_EQ(check(c), "");
}

TEST(ProviderClaimRules, SeveralAudiencesNeedAzpNamingTheClient) {
  auto c = validClaims();
  c->set("aud", array({"duka", "another"}));
  EXPECT_NE(check(c), "");
  c->set("azp", "another");
  EXPECT_NE(check(c), "");
  c->set("azp", "duka");
  EXPECT_EQ(check(c), "");
  auto single = validClaims();
  single->set("azp", "another");
  EXPECT_NE(check(single), "");
}

TEST(ProviderClaimRules, ExpiryIsStrict) {
  auto c = validClaims();
  c->set("exp", kNow);
  EXPECT_NE(check(c), "");
  c->set("exp", kNow - 30);
  EXPECT_NE(check(c), "");
  c->set("exp", "1900000000");
  EXPECT_NE(check(c), "");
  c->remove("exp");
  EXPECT_NE(check(c), "");
}

TEST(ProviderClaimRules, IssuedAtMayBeAMinuteAhead) {
  auto c = validClaims();
  c->set("iat", kNow + 60);
  EXPECT_EQ(check(c), "");
  c->set("iat", kNow + 61);
  EXPECT_NE(check(c), "");
  c->set("iat", kNow + 86400);
  EXPECT_NE(check(c), "");
  c->remove("iat");
  EXPECT_NE(check(c), "");
}

TEST(ProviderClaimRules, NotBeforeIsHonoured) {
  auto c = validClaims();
  c->set("nbf", kNow + 30);
  EXPECT_EQ(check(c), "");
  c->set("nbf", kNow + 600);
  EXPECT_NE(check(c), "");
  c->set("nbf", true);
  EXPECT_NE(check(c), "");
}

TEST(ProviderClaimRules, SubjectIsRequired) {
  auto c = validClaims();
  c->set("sub", "");
  EXPECT_NE(check(c), "");
  c->set("sub", 42);
  EXPECT_NE(check(c), "");
}

TEST(ProviderClaimRules, AccessTokensSkipTheAzpRule) {
  auto c = validClaims();
  c->set("aud", array({"duka-api", "account"}));
  c->set("azp", "shop-frontend");
  ClaimExpectations access = expectations();
  access.audience = "duka-api";
  access.authorizedParty.clear();
  EXPECT_EQ(checkProviderClaims(c, access, kNow), "");
}

}  // namespace
}  // namespace duka::auth
