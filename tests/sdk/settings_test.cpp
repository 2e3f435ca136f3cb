#include "duka/settings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <stdexcept>

#include "host_api.hpp"

namespace duka {
namespace {

struct SmsLike {
  std::string senderId;
  std::int64_t maxAttempts = 0;
  int retries = 0;
  bool loud = false;
  std::chrono::seconds timeout{0};
  std::vector<std::string> staffNumbers;
  std::map<std::string, std::string> templates;
  struct Gateway {
    std::string username;
  } gateway;
};

const Settings<SmsLike::Gateway>& gatewaySettings() {
  static const auto settings = Settings<SmsLike::Gateway>().bind(
      Setting::text("gateway.username", "sandbox", ""), &SmsLike::Gateway::username);
  return settings;
}

const Settings<SmsLike>& smsLike() {
  static const auto settings =
      Settings<SmsLike>()
          .bind(Setting::text("sender_id", "", ""), &SmsLike::senderId)
          .bind(Setting::integer("max_attempts", 8, 1, 100, ""), &SmsLike::maxAttempts)
          .bind(Setting::integer("retries", 2, 0, 9, ""), &SmsLike::retries)
          .bind(Setting::boolean("loud", false, ""), &SmsLike::loud)
          .bind(Setting::integer("timeout_s", 10, 1, 60, ""), &SmsLike::timeout)
          .bind(Setting::list("staff_numbers", "", ""), &SmsLike::staffNumbers)
          .bind(Setting::text("template.*", "", ""), &SmsLike::templates)
          .nest(&SmsLike::gateway, gatewaySettings())
          .rule([](const SmsLike& s) -> std::vector<SettingProblem> {
            if (s.retries > s.maxAttempts)
              return {{"retries", "must not exceed max_attempts"}};
            return {};
          });
  return settings;
}

TEST(Settings, DeclaresEveryKeyOnce) {
  std::vector<std::string> keys;
  for (const auto& setting : smsLike().declared())
    keys.push_back(setting.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"sender_id", "max_attempts", "retries", "loud", "timeout_s",
                                      "staff_numbers", "template.*", "gateway.username"}));
}

TEST(Settings, FillsEachMemberFromTheValidatedSection) {
  const IniSection section("sms", {{"sender_id", "DUKA"},
                                   {"max_attempts", "8"},
                                   {"retries", "3"},
                                   {"loud", "Yes"},
                                   {"timeout_s", "15"},
                                   {"staff_numbers", " +2547, ,+2548 "},
                                   {"template.order_created", "A"},
                                   {"template.order_approved", "B"},
                                   {"gateway.username", "shop"}});
  const SmsLike s = smsLike().read(section);
  EXPECT_EQ(s.senderId, "DUKA");
  EXPECT_EQ(s.maxAttempts, 8);
  EXPECT_EQ(s.retries, 3);
  EXPECT_TRUE(s.loud);
  EXPECT_EQ(s.timeout, std::chrono::seconds(15));
  EXPECT_EQ(s.staffNumbers, (std::vector<std::string>{"+2547", "+2548"}));
  EXPECT_EQ(s.templates,
            (std::map<std::string, std::string>{{"order_approved", "B"}, {"order_created", "A"}}));
  EXPECT_EQ(s.gateway.username, "shop");
  EXPECT_TRUE(smsLike().problems(section).empty());
}

TEST(Settings, RulesSeeTheFilledStruct) {
  IniSection section("sms", {{"sender_id", ""},
                             {"max_attempts", "2"},
                             {"retries", "5"},
                             {"loud", "false"},
                             {"timeout_s", "10"},
                             {"staff_numbers", ""},
                             {"gateway.username", "x"}});
  const auto problems = smsLike().problems(section);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "retries");
}

TEST(Settings, AnUndeclaredKeyThrowsNamingIt) {
  const auto spec = Settings<SmsLike>().bind(Setting::text("nope", "", ""), &SmsLike::senderId);
  try {
    spec.read(IniSection("sms", {}));
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("[sms] has no declared key 'nope'"), std::string::npos);
  }
}

TEST(ParseBoolean, AcceptsCommonSpellings) {
  bool value = false;
  for (const char* yes : {"true", "TRUE", "yes", "on", "1", " true "}) {
    EXPECT_TRUE(parseBoolean(yes, value)) << yes;
    EXPECT_TRUE(value);
  }
  for (const char* no : {"false", "no", "Off", "0"}) {
    EXPECT_TRUE(parseBoolean(no, value)) << no;
    EXPECT_FALSE(value);
  }
  EXPECT_FALSE(parseBoolean("maybe", value));
  EXPECT_FALSE(parseBoolean("", value));
}

TEST(Setting, FactoriesFillTheDeclaration) {
  const Setting port = Setting::integer("port", 8080, 0, 65535, "TCP port");
  EXPECT_EQ(port.type, SettingType::Integer);
  EXPECT_EQ(port.defaultValue, "8080");
  EXPECT_EQ(port.max, 65535);
  Setting key = Setting::text("api_key", "", "the key");
  key.asRequired().asSecret();
  EXPECT_TRUE(key.required);
  EXPECT_TRUE(key.secret);
  EXPECT_EQ(Setting::boolean("on", true, "").defaultValue, "true");
  EXPECT_EQ(Setting::choice("mode", "a", {"a", "b"}, "").choices.size(), 2u);
}

}  // namespace
}  // namespace duka
