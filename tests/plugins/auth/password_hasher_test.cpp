#include "password_hasher.hpp"

#include <gtest/gtest.h>

namespace duka::auth {
namespace {

// Few iterations keep the unit tests quick; the plugin refuses fewer than 210,000.
constexpr int kTestIterations = 1000;

TEST(PasswordHasher, HashesInDjangosFormatWithAFreshSalt) {
  const PasswordHasher hasher(kTestIterations);
  const std::string first = hasher.hash("correct horse");
  const std::string second = hasher.hash("correct horse");
  EXPECT_EQ(first.rfind("pbkdf2_sha256$1000$", 0), 0u) << first;
  EXPECT_NE(first, second);
  EXPECT_TRUE(hasher.verify("correct horse", first));
  EXPECT_TRUE(hasher.verify("correct horse", second));
  EXPECT_FALSE(hasher.verify("correct horsf", first));
  EXPECT_FALSE(hasher.verify("", first));
}

TEST(PasswordHasher, VerifiesAHashMadeElsewhere) {
  // Python: base64(hashlib.pbkdf2_hmac('sha256', b'correct horse', b'seasalt1234', 1000)).
  const std::string django =
      "pbkdf2_sha256$1000$seasalt1234$wZh3FFsq+Yipey/PjKHa1qqPszjOeenweS9wGdKg/Cg=";
  const PasswordHasher hasher(210000);  // the stored count wins over the configured one
  EXPECT_TRUE(hasher.verify("correct horse", django));
  EXPECT_FALSE(hasher.verify("correct horse!", django));
}

TEST(PasswordHasher, MalformedHashesNeverMatch) {
  const PasswordHasher hasher(kTestIterations);
  for (const std::string bad :
       {"", "plain", "pbkdf2_sha256$1000$salt",
        "md5$1000$salt$abc=", "pbkdf2_sha256$x$salt$wZh3FFsq+Yipey/PjKHa1qqPszjOeenweS9wGdKg/Cg=",
        "pbkdf2_sha256$0$salt$wZh3FFsq+Yipey/PjKHa1qqPszjOeenweS9wGdKg/Cg=",
        "pbkdf2_sha256$999999999$salt$wZh3FFsq+Yipey/PjKHa1qqPszjOeenweS9wGdKg/Cg=",
        "pbkdf2_sha256$1000$seasalt1234$c2hvcnQ=", "pbkdf2_sha256$1000$seasalt1234$!!!"}) {
    EXPECT_FALSE(hasher.verify("correct horse", bad)) << bad;
  }
}

TEST(PasswordHasher, UsesAtLeastTheIterationsAsked) {
  const PasswordHasher hasher(210000);
  EXPECT_EQ(hasher.hash("x").rfind("pbkdf2_sha256$210000$", 0), 0u);
}

}  // namespace
}  // namespace duka::auth
