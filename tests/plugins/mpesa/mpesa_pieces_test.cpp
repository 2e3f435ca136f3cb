// The mpesa plugin's pieces: Daraja's password and Nairobi timestamp, whole shillings rounded
// up, Kenyan numbers as Daraja wants them, C2B account numbers, and the settings' rules.
#include <gtest/gtest.h>

#include "daraja_callbacks.hpp"
#include "daraja_client.hpp"
#include "mpesa_settings.hpp"

namespace duka::mpesa {
namespace {

TEST(Daraja, PasswordIsBase64OfShortcodePasskeyAndTimestamp) {
  // Daraja's sandbox example: shortcode 174379 with its published test passkey.
  const std::string passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
  EXPECT_EQ(DarajaClient::password("174379", passkey, "20160216165627"),
            "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGEx"
            "ZWQyYzkxOTIwMTYwMjE2MTY1NjI3");
}

TEST(Daraja, TheTimestampIsNairobiTime) {
  // 2026-11-29 21:30:05 UTC is 2026-11-30 00:30:05 in Nairobi (UTC+3 all year).
  const Poco::Timestamp at = Poco::DateTime(2026, 11, 29, 21, 30, 5).timestamp();
  EXPECT_EQ(DarajaClient::timestamp(at), "20261130003005");
}

TEST(Daraja, TheAmountIsTheUnpaidAmountInWholeShillingsRoundedUp) {
  EXPECT_EQ(shillingsToPay(15050), 151);
  EXPECT_EQ(shillingsToPay(15000), 150);
  EXPECT_EQ(shillingsToPay(1), 1);
  EXPECT_EQ(shillingsToPay(0), 0);
  EXPECT_EQ(shillingsToPay(-500), 0);  // overpaid
}

TEST(Daraja, PhoneNumbersBecome254AndNineDigits) {
  EXPECT_EQ(darajaPhone("+254712345678"), "254712345678");
  EXPECT_EQ(darajaPhone("0712 345 678"), "254712345678");
  EXPECT_EQ(darajaPhone("0112-345-678"), "254112345678");
  EXPECT_EQ(darajaPhone("(0712) 345.678"), "254712345678");  // customers' one rule
  EXPECT_EQ(darajaPhone("254712345678"), "254712345678");
  EXPECT_EQ(darajaPhone("+255712345678"), "");  // Tanzania: not M-Pesa Kenya
  EXPECT_EQ(darajaPhone("0202345678"), "");     // a landline
  EXPECT_EQ(darajaPhone("07123456789"), "");
  EXPECT_EQ(darajaPhone("07123x5678"), "");
  EXPECT_EQ(darajaPhone("712345678"), "");  // no trunk 0 and no country code: not guessed
  EXPECT_EQ(darajaPhone(""), "");
}

TEST(Daraja, AccountNumbersNameAnOrder) {
  EXPECT_EQ(orderOfAccount("ORDER42"), 42);
  EXPECT_EQ(orderOfAccount(" order 42 "), 42);
  EXPECT_EQ(orderOfAccount("42"), 42);
  EXPECT_EQ(orderOfAccount("ORDER"), 0);
  EXPECT_EQ(orderOfAccount("INV42"), 0);
  EXPECT_EQ(orderOfAccount("-3"), 0);
  EXPECT_EQ(orderOfAccount("0"), 0);
  EXPECT_EQ(orderOfAccount("99999999999999999999999"), 0);
}

// section is [mpesa] as the host hands it over: every declared key, values over defaults.
IniSection section(const std::map<std::string, std::string>& values) {
  IniSection out{"mpesa", {}};
  for (const auto& setting : mpesaSettings().declared())
    out.values[setting.key] = setting.defaultValue;
  for (const auto& [key, value] : values)
    out.values[key] = value;
  return out;
}

std::vector<std::string> problemKeys(const std::map<std::string, std::string>& values) {
  std::vector<std::string> keys;
  for (const auto& problem : mpesaSettings().problems(section(values)))
    keys.push_back(problem.key);
  return keys;
}

TEST(Daraja, ItsWordsAreBoundedAndKeepNothingShapedLikeASecretOrAUrl) {
  EXPECT_EQ(darajaWords("Bad Request - Invalid Amount"), "Bad Request - Invalid Amount");
  EXPECT_EQ(darajaWords("Invalid Password "
                        "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZT"
                        "ZiNzJhZGExZWQyYzkxOTIwMjYxMjA1"),
            "Invalid Password [...]");
  EXPECT_EQ(darajaWords("see https://shop.example.co.ke/api/payments/stk/callback/abc/ now"),
            "see [...] now");
  EXPECT_EQ(darajaWords(std::string("line") + '\x01' + "break"), "line break");
  const std::string long_ = darajaWords(std::string(500, 'a') + " b");
  EXPECT_LE(long_.size(), 163u);
  EXPECT_EQ(long_.substr(long_.size() - 3), "...");
}

TEST(MpesaSettings, CallbackUrlsMustBeHttpsAndNameNeitherMpesaNorSafaricom) {
  EXPECT_TRUE(problemKeys({{"callback_base_url", "https://shop.example.co.ke"}}).empty());
  EXPECT_EQ(problemKeys({{"callback_base_url", "http://shop.example.co.ke"}}),
            std::vector<std::string>{"callback_base_url"});
  EXPECT_EQ(problemKeys({{"callback_base_url", "https://mpesa.shop.example"}}),
            std::vector<std::string>{"callback_base_url"});
  EXPECT_EQ(problemKeys({{"callback_base_url", "https://shop.example/Safaricom"}}),
            std::vector<std::string>{"callback_base_url"});
  EXPECT_EQ(problemKeys({{"callback_token", "short"}}), std::vector<std::string>{"callback_token"});
  EXPECT_EQ(problemKeys({{"callback_token", "has/a/slash/in/it/ok"}}),
            std::vector<std::string>{"callback_token"});
  EXPECT_EQ(problemKeys({{"transaction_type", "CustomerBuyGoodsOnline"}}),
            std::vector<std::string>{"till_number"});
  EXPECT_EQ(problemKeys({{"shortcode", "17a379"}}), std::vector<std::string>{"shortcode"});
}

TEST(MpesaSettings, TheBaseUrlFollowsTheEnvironmentAndPartyBTheTransactionType) {
  auto s = MpesaSettings::from(section({}));
  EXPECT_EQ(s.baseUrl, "https://sandbox.safaricom.co.ke");
  EXPECT_EQ(s.partyB(), "174379");
  EXPECT_EQ(s.missing(),
            "consumer_key, consumer_secret, passkey, callback_base_url, callback_token");
  s = MpesaSettings::from(section({{"environment", "production"},
                                   {"transaction_type", "CustomerBuyGoodsOnline"},
                                   {"till_number", "5123456"},
                                   {"callback_base_url", "https://shop.example/"},
                                   {"callback_token", "abcdefghijklmnop"}}));
  EXPECT_EQ(s.baseUrl, "https://api.safaricom.co.ke");
  EXPECT_EQ(s.partyB(), "5123456");
  EXPECT_EQ(s.callbackUrl(), "https://shop.example/api/payments/stk/callback/abcdefghijklmnop/");
}

}  // namespace
}  // namespace duka::mpesa
