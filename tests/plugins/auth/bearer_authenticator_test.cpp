// The bearer authenticator and its cache of verified tokens.
#include "bearer_authenticator.hpp"

#include <gtest/gtest.h>

#include "claim_reader.hpp"

namespace duka::auth {
namespace {

TEST(VerifiedTokenCache, AnswersOnlyTheExactTokenUntilItExpires) {
  VerifiedTokenCache cache;
  const Principal principal{"s-1", "amina", {}, {}};
  cache.remember("token-a", principal, 1000);
  ASSERT_TRUE(cache.find("token-a", 999));
  EXPECT_EQ(cache.find("token-a", 999)->subject, "s-1");
  EXPECT_FALSE(cache.find("token-a", 1000));
  EXPECT_FALSE(cache.find("token-b", 999));
  EXPECT_FALSE(cache.find("token-", 999));
}

TEST(VerifiedTokenCache, StaysBounded) {
  VerifiedTokenCache cache;
  const Principal principal{"s", "u", {}, {}};
  for (std::size_t i = 0; i <= VerifiedTokenCache::kMaxTokens; ++i)
    cache.remember("t" + std::to_string(i), principal, 1000);
  EXPECT_TRUE(cache.find("t" + std::to_string(VerifiedTokenCache::kMaxTokens), 1));
  EXPECT_FALSE(cache.find("t0", 1));
}

TEST(BearerAuthenticator, VerifiesOnceAndNeverCachesAFailure) {
  const TokenIssuer issuer("0123456789abcdef0123456789abcdef-test", std::chrono::seconds(900),
                           std::chrono::seconds(3600));
  const BearerAuthenticator authenticator(issuer, nullptr);
  const std::string token = issuer.issueAccess(Principal{"s-2", "baraka", {kStaffRole}, {}});
  for (int i = 0; i < 3; ++i) {
    const auto principal = authenticator.authenticate(token);
    ASSERT_TRUE(principal);
    EXPECT_TRUE(principal->isStaff());
  }
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;  // inside the payload
  EXPECT_FALSE(authenticator.authenticate(tampered));
  EXPECT_FALSE(authenticator.authenticate(tampered));
  EXPECT_FALSE(authenticator.authenticate(issuer.issueRefresh("s-2", "").token));
}

}  // namespace
}  // namespace duka::auth
