// duka's own tokens against the attacks of RFC 8725: alg none, other algorithms, another
// secret, tampering, expiry, iat in the future, a token of the other type, garbage.
#include "token_issuer.hpp"

#include <gtest/gtest.h>

#include "claim_reader.hpp"
#include "compact_jws.hpp"
#include "test_keys.hpp"

namespace duka::auth {
namespace {

using test::forgeToken;
using test::hmacSha256;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";

TokenIssuer issuer(const std::string& secret = kSecret) {
  return TokenIssuer(secret, std::chrono::seconds(900), std::chrono::seconds(3600));
}

Principal staffPrincipal() {
  return Principal{"subject-1", "boss", {kStaffRole}, {}};
}

Poco::JSON::Object::Ptr header(const std::string& alg) {
  Poco::JSON::Object::Ptr h = new Poco::JSON::Object;
  h->set("alg", alg);
  h->set("typ", "JWT");
  return h;
}

Poco::JSON::Object::Ptr accessClaims(std::int64_t iat, std::int64_t exp) {
  Poco::JSON::Object::Ptr c = new Poco::JSON::Object;
  c->set("iss", "duka");
  c->set("sub", "subject-1");
  c->set("typ", "access");
  c->set("iat", iat);
  c->set("exp", exp);
  c->set("jti", "abc");
  c->set("username", "boss");
  Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
  roles->add(std::string("staff"));
  c->set("roles", roles);
  return c;
}

// signHs256 signs like duka does, so that only the claims differ from a real token.
std::string signHs256(const Poco::JSON::Object::Ptr& claims, const std::string& secret = kSecret,
                      const std::string& alg = "HS256") {
  const std::string unsigned_ = forgeToken(header(alg), claims, "");
  const std::string input = unsigned_.substr(0, unsigned_.size() - 1);
  return input + "." + base64UrlEncode(hmacSha256(secret, input));
}

TEST(TokenIssuer, AccessTokensCarryThePrincipal) {
  const auto tokens = issuer();
  const auto principal = tokens.verifyAccess(tokens.issueAccess(staffPrincipal()));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->subject, "subject-1");
  EXPECT_EQ(principal->username, "boss");
  EXPECT_TRUE(principal->isStaff());
}

TEST(TokenIssuer, RefreshTokensCarryIdAndFamily) {
  const auto tokens = issuer();
  const SignedRefreshToken first = tokens.issueRefresh("subject-1", "");
  EXPECT_EQ(first.family, first.id);
  const SignedRefreshToken next = tokens.issueRefresh("subject-1", first.family);
  EXPECT_EQ(next.family, first.id);
  EXPECT_NE(next.id, first.id);
  const auto claims = tokens.verifyRefresh(next.token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->id, next.id);
  EXPECT_EQ(claims->family, first.id);
  EXPECT_EQ(claims->subject, "subject-1");
}

TEST(TokenIssuer, ATokenOfOneTypeIsNeverTheOther) {
  const auto tokens = issuer();
  EXPECT_FALSE(tokens.verifyRefresh(tokens.issueAccess(staffPrincipal())));
  EXPECT_FALSE(tokens.verifyAccess(tokens.issueRefresh("subject-1", "").token));
}

TEST(TokenIssuer, RefusesATokenSignedWithAnotherSecret) {
  const std::string token =
      issuer("another secret of thirty-two bytes!!").issueAccess(staffPrincipal());
  EXPECT_FALSE(issuer().verifyAccess(token));
}

TEST(TokenIssuer, RefusesAlgNoneAndEveryOtherAlgorithm) {
  const std::int64_t now = unixNow();
  const auto claims = accessClaims(now, now + 600);
  EXPECT_TRUE(issuer().verifyAccess(signHs256(claims)));  // the control
  EXPECT_FALSE(issuer().verifyAccess(forgeToken(header("none"), claims, "")));
  EXPECT_FALSE(issuer().verifyAccess(forgeToken(header("None"), claims, "")));
  EXPECT_FALSE(issuer().verifyAccess(signHs256(claims, kSecret, "HS512")));
  EXPECT_FALSE(issuer().verifyAccess(signHs256(claims, kSecret, "RS256")));
  // A token without a signature part at all.
  const std::string token = signHs256(claims);
  EXPECT_FALSE(issuer().verifyAccess(token.substr(0, token.rfind('.'))));
  EXPECT_FALSE(issuer().verifyAccess(token.substr(0, token.rfind('.') + 1)));
}

TEST(TokenIssuer, RefusesATamperedPayload) {
  const std::string token = issuer().issueAccess(Principal{"subject-2", "clerk", {}, {}});
  const std::size_t first = token.find('.'), second = token.rfind('.');
  // The same signature over a payload that claims staff.
  auto claims = accessClaims(unixNow(), unixNow() + 600);
  claims->set("sub", "subject-2");
  const std::string forged = token.substr(0, first) + "." + base64UrlEncode([&] {
                               std::ostringstream out;
                               claims->stringify(out);
                               return out.str();
                             }()) +
                             token.substr(second);
  EXPECT_FALSE(issuer().verifyAccess(forged));
  std::string flipped = token;
  flipped[second + 3] = flipped[second + 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(issuer().verifyAccess(flipped));
}

TEST(TokenIssuer, RefusesExpiredAndFutureTokens) {
  const std::int64_t now = unixNow();
  EXPECT_FALSE(issuer().verifyAccess(signHs256(accessClaims(now - 1000, now - 1))));
  EXPECT_FALSE(issuer().verifyAccess(signHs256(accessClaims(now - 1000, now))));
  EXPECT_TRUE(issuer().verifyAccess(signHs256(accessClaims(now + 30, now + 600))));  // skew
  EXPECT_FALSE(issuer().verifyAccess(signHs256(accessClaims(now + 3600, now + 7200))));
}

TEST(TokenIssuer, RefusesMissingOrMistypedClaims) {
  const std::int64_t now = unixNow();
  for (const std::string claim : {"iss", "sub", "typ", "exp", "iat", "jti"}) {
    auto claims = accessClaims(now, now + 600);
    claims->remove(claim);
    EXPECT_FALSE(issuer().verifyAccess(signHs256(claims))) << "without " << claim;
  }
  auto wrongIssuer = accessClaims(now, now + 600);
  wrongIssuer->set("iss", "someone-else");
  EXPECT_FALSE(issuer().verifyAccess(signHs256(wrongIssuer)));
  auto textExpiry = accessClaims(now, now + 600);
  textExpiry->set("exp", std::to_string(now + 600));
  EXPECT_FALSE(issuer().verifyAccess(signHs256(textExpiry)));
  auto hugeExpiry = accessClaims(now, now + 600);
  hugeExpiry->set("exp", 1e300);
  EXPECT_FALSE(issuer().verifyAccess(signHs256(hugeExpiry)));
}

TEST(TokenIssuer, RefusesGarbageTruncatedAndHugeTokens) {
  const auto tokens = issuer();
  const std::string good = tokens.issueAccess(staffPrincipal());
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("a.b.c"),
        std::string("not a token"), good.substr(0, good.size() / 2), good + ".extra", good + "A",
        std::string(100000, 'e'), good.substr(0, good.find('.')) + "..",
        std::string("eyJhbGciOiJIUzI1NiJ9.W10.") + good.substr(good.rfind('.') + 1)}) {
    EXPECT_FALSE(tokens.verifyAccess(bad)) << bad.substr(0, 80);
    EXPECT_FALSE(tokens.verifyRefresh(bad)) << bad.substr(0, 80);
  }
}

TEST(CompactJws, SplitsAndDecodes) {
  const auto jws = CompactJws::parse(issuer().issueAccess(staffPrincipal()));
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->algorithm(), "HS256");
  EXPECT_EQ(jws->keyId(), "");
  EXPECT_EQ(jws->signature.size(), 32u);
  EXPECT_FALSE(CompactJws::parse(std::string(kMaxTokenBytes + 1, 'a')));
  EXPECT_THROW(base64UrlDecode("a+b/"), std::invalid_argument);
  const std::string binary("\xff\xfe\x00z", 4);
  EXPECT_EQ(base64UrlDecode(base64UrlEncode(binary)), binary);
}

}  // namespace
}  // namespace duka::auth
