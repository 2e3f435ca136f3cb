// GsmText: the basic set kept, accents dropped to their letter, the rest "?", invalid bytes
// one "?" each, and clipping by characters.
#include "gsm_text.hpp"

#include <gtest/gtest.h>

namespace duka::ussd {
namespace {

TEST(GsmText, KeepsTheBasicSetAndMakesTheRestClose) {
  EXPECT_EQ(toGsm("Sugar 2kg @ 150.00"), "Sugar 2kg @ 150.00");
  EXPECT_EQ(toGsm("Café crème"), "Café crème");  // é and è are in the basic set
  EXPECT_EQ(toGsm("Ngũgĩ wa Thiong’o"), "Ngugi wa Thiong'o");
  EXPECT_EQ(toGsm("Maziwa [500ml] {fresh}"), "Maziwa (500ml) (fresh)");
  EXPECT_EQ(toGsm("Chai ☕ 🍵"), "Chai ? ?");
  EXPECT_EQ(toGsm("Ölfarbe Ärger Über"), "Ölfarbe Ärger Über");
  EXPECT_EQ(toGsm("Łódź"), "Lodz");
  EXPECT_EQ(toGsm("a\xff\xc3"), "a??");         // invalid bytes, and a cut-off sequence
  EXPECT_EQ(toGsm("x\xed\xa0\x80y"), "x???y");  // a surrogate is three bad bytes
  EXPECT_TRUE(isGsm(toGsm("Ngũgĩ ☕ [x] € \xff")));
  EXPECT_FALSE(isGsm("€"));
  EXPECT_FALSE(isGsm("{"));
}

TEST(GsmText, CountsAndClipsByCharacter) {
  EXPECT_EQ(characters("Café"), 4u);
  EXPECT_EQ(clip("Café crème", 4), "Café");
  EXPECT_EQ(clip("Café", 3), "Caf");
  EXPECT_EQ(clip("ab", 5), "ab");
}

}  // namespace
}  // namespace duka::ussd
