#include "duka/config.hpp"

#include <gtest/gtest.h>

namespace duka {
namespace {

TEST(Settings, ReadsTypedValues) {
  Settings settings("sms", {{"max_attempts", "8"},
                            {"loud", "Yes"},
                            {"staff_numbers", " +2547, ,+2548 "},
                            {"template.order_created", "A"},
                            {"template.order_approved", "B"},
                            {"sender_id", ""}});
  EXPECT_EQ(settings.integer("max_attempts"), 8);
  EXPECT_TRUE(settings.boolean("loud"));
  EXPECT_EQ(settings.list("staff_numbers"), (std::vector<std::string>{"+2547", "+2548"}));
  EXPECT_EQ(settings.family("template."),
            (std::map<std::string, std::string>{{"order_approved", "B"}, {"order_created", "A"}}));
  EXPECT_EQ(settings.string("sender_id"), "");
}

TEST(Settings, UndeclaredKeyThrowsNamingIt) {
  Settings settings("sms", {});
  try {
    settings.string("nope");
    FAIL();
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("[sms] has no declared key 'nope'"), std::string::npos);
  }
}

TEST(Settings, ParseBooleanAcceptsCommonSpellings) {
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
