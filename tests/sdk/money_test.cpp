#include "duka/facility/money.hpp"

#include <gtest/gtest.h>

namespace duka {
namespace {

TEST(Money, ParsesDecimalStringsIntoMinorUnits) {
  EXPECT_EQ(parseMoney("12.50"), 1250);
  EXPECT_EQ(parseMoney("12.5"), 1250);
  EXPECT_EQ(parseMoney("12"), 1200);
  EXPECT_EQ(parseMoney("0.01"), 1);
  EXPECT_EQ(parseMoney("0"), 0);
  EXPECT_EQ(parseMoney("100000000000.00"), kMaxMoneyMinor);
}

TEST(Money, RefusesEverythingElse) {
  for (const std::string bad :
       {"", "-1.00", "+1", "1.", ".5", "1.234", "1e3", "1e309", "NaN", " 1.00", "1.00 ", "1,00",
        "100000000000.01", "99999999999999999999", "１２"}) {
    EXPECT_FALSE(parseMoney(bad)) << bad;
  }
}

TEST(Money, FormatsWithTwoPlaces) {
  EXPECT_EQ(formatMoney(1250), "12.50");
  EXPECT_EQ(formatMoney(5), "0.05");
  EXPECT_EQ(formatMoney(0), "0.00");
  EXPECT_EQ(formatMoney(-305), "-3.05");
  EXPECT_EQ(formatMoney(kMaxMoneyMinor), "100000000000.00");
}

}  // namespace
}  // namespace duka
