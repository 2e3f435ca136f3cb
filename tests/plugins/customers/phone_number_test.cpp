#include "duka/plugins/customers/phone_number.hpp"

#include <gtest/gtest.h>

namespace duka::customers {
namespace {

TEST(PhoneNumber, NormalisesWhatPeopleType) {
  EXPECT_EQ(normalisePhoneNumber("0712 345 678", "254"), "+254712345678");
  EXPECT_EQ(normalisePhoneNumber("0712-345-678", "254"), "+254712345678");
  EXPECT_EQ(normalisePhoneNumber("254712345678", "254"), "+254712345678");
  EXPECT_EQ(normalisePhoneNumber("+254 712 345678", "254"), "+254712345678");
  EXPECT_EQ(normalisePhoneNumber("(0712) 345.678", "254"), "+254712345678");
  EXPECT_EQ(normalisePhoneNumber("0712345678", "255"), "+255712345678");
  EXPECT_EQ(normalisePhoneNumber("+1 415 555 0100", "254"), "+14155550100");
}

TEST(PhoneNumber, RefusesWhatIsNotAPhoneNumber) {
  for (const std::string bad :
       {"", "abc", "0712a45678", "1234567", "+1234567890123456", "++254712345678", "254+712345678",
        "0071234567890", "+0712345678", "0712 345 678 ext 5", "٠٧١٢٣٤٥٦٧٨"}) {
    EXPECT_FALSE(normalisePhoneNumber(bad, "254")) << bad;
  }
}

}  // namespace
}  // namespace duka::customers
