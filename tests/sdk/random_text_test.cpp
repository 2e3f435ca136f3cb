// randomBase62 (SDK 1.2): the length asked, base62 only, every character about as likely,
// and no repeats among many (from one thread's pool of CSPRNG bytes, refilled as it runs out).
#include <gtest/gtest.h>

#include <duka/facility/random_text.hpp>
#include <map>
#include <set>

namespace duka {
namespace {

TEST(RandomText, Base62OfTheLengthAskedUnbiasedAndUnique) {
  std::set<std::string> seen;
  std::map<char, int> counts;
  for (int i = 0; i < 10000; ++i) {
    const std::string text = randomBase62(24);
    ASSERT_EQ(text.size(), 24u);
    for (char c : text) {
      ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
      ++counts[c];
    }
    EXPECT_TRUE(seen.insert(text).second);
  }
  EXPECT_EQ(counts.size(), 62u);
  // 240,000 characters: each expected 3,871 times; 10% either way is far outside chance.
  for (const auto& [c, count] : counts) {
    EXPECT_GT(count, 3484) << c;
    EXPECT_LT(count, 4258) << c;
  }
  EXPECT_EQ(randomBase62(0), "");
  EXPECT_EQ(randomBase62(1000).size(), 1000u);  // longer than one pool of bytes
}

}  // namespace
}  // namespace duka
