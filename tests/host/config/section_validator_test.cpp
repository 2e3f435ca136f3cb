#include "config/section_validator.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

std::vector<Setting> declared() {
  return {Setting::integer("max_attempts", 8, 1, 100, "attempts"),
          Setting::boolean("loud", false, "flag"),
          Setting::choice("provider", "log", {"log", "africastalking"}, "provider"),
          Setting::text("api_key", "", "the key").asSecret(),
          Setting::text("sender_id", "", "sender").asRequired(),
          Setting::text("template.*", "", "templates")};
}

TEST(ValidateSection, FillsDefaultsAndNormalises) {
  const IniFile ini = IniFile::parse(
      "[sms]\nsender_id = DUKA\nprovider = LOG\ntemplate.order_created = Hi\n", "t.ini");
  std::vector<std::string> errors;
  const IniSection settings = validateSection(ini, "sms", declared(), errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(settings.values.at("max_attempts"), "8");
  EXPECT_EQ(settings.values.at("provider"), "log");
  EXPECT_EQ(settings.values.at("template.order_created"), "Hi");
}

// Found by fuzz/ini (a key starting with a dot): Poco lists a key it then has no value for.
TEST(ValidateSection, AKeyWithAnEmptyPartIsRefusedNotRead) {
  for (const std::string text :
       {"[sms]\n.max_attempts = 3\n", "[sms]\nmax_attempts. = 3\n", "[sms]\nmax..attempts = 3\n",
        "[sms]\ntemplate..x = Hi\n", "[sms]\n. = 3\n"}) {
    const IniFile ini = IniFile::parse(text + "sender_id = DUKA\n", "t.ini");
    std::vector<std::string> errors;
    validateSection(ini, "sms", declared(), errors);
    EXPECT_FALSE(errors.empty()) << text;
  }
}

TEST(ValidateSection, ASettingRequiredInProductionIsRequiredThereOnly) {
  const std::vector<Setting> keys{
      Setting::text("token_secret", "", "the key").asSecret().asRequiredInProduction()};
  const IniFile ini = IniFile::parse("[auth]\n", "duka.ini");
  std::vector<std::string> errors;
  validateSection(ini, "auth", keys, errors);
  EXPECT_TRUE(errors.empty());
  validateSection(ini, "auth", keys, errors, true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "duka.ini: [auth] token_secret: is required when [server] environment = production");
  errors.clear();
  validateSection(
      IniFile::parse("[auth]\ntoken_secret = 3f9a1c7e5b2d8f4a6c0e9b1d7a3f5c2e\n", "duka.ini"),
      "auth", keys, errors, true);
  EXPECT_TRUE(errors.empty());
}

TEST(ValidateSection, ProductionRefusesACredentialThatCanBeGuessed) {
  const std::vector<Setting> keys{
      Setting::text("token_secret", "", "the key").asSecret().asRequiredInProduction()};
  for (const auto& [value, why] : std::vector<std::pair<std::string, std::string>>{
           {std::string(40, 's'), "is one character repeated"},
           {"abababababababababababababababab", "is too predictable for production"},
           {"set", "is too predictable for production"}}) {
    std::vector<std::string> errors;
    validateSection(IniFile::parse("[auth]\ntoken_secret = " + value + "\n", "duka.ini"), "auth",
                    keys, errors, true);
    ASSERT_EQ(errors.size(), 1u) << value;
    EXPECT_NE(errors[0].find("duka.ini: [auth] token_secret: " + why), std::string::npos)
        << errors[0];
    EXPECT_EQ(errors[0].find(value), std::string::npos) << "the value is never shown";
    errors.clear();
    validateSection(IniFile::parse("[auth]\ntoken_secret = " + value + "\n", "duka.ini"), "auth",
                    keys, errors, false);
    EXPECT_TRUE(errors.empty()) << "development takes it";
  }
}

TEST(ValidateSection, ReportsEveryProblemWithFileSectionAndKey) {
  const IniFile ini = IniFile::parse(
      "[sms]\nmax_attempts = many\nloud = perhaps\nprovider = pigeon\nsurprise = 1\n"
      "api_key = not-a-secret-to-print\n",
      "duka.ini");
  std::vector<std::string> errors;
  validateSection(ini, "sms", declared(), errors);
  ASSERT_EQ(errors.size(), 5u);
  auto has = [&](const std::string& text) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& e) { return e.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("duka.ini: [sms] max_attempts: must be an integer (got 'many')"));
  EXPECT_TRUE(has("duka.ini: [sms] loud: must be true or false"));
  EXPECT_TRUE(has("duka.ini: [sms] provider: must be one of: log, africastalking"));
  EXPECT_TRUE(has("duka.ini: [sms] surprise: unknown key"));
  EXPECT_TRUE(has("duka.ini: [sms] sender_id: is required"));
}

TEST(ValidateSection, IntegerBoundsAreChecked) {
  const IniFile ini = IniFile::parse("[sms]\nsender_id = x\nmax_attempts = 0\n", "t.ini");
  std::vector<std::string> errors;
  validateSection(ini, "sms", declared(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("must be between 1 and 100"), std::string::npos);
}

TEST(ValidateSection, SecretValuesAreNeverQuoted) {
  std::vector<Setting> settings{Setting::integer("pin", 1, 0, 9, "a secret number").asSecret()};
  const IniFile ini = IniFile::parse("[x]\npin = hunter2\n", "t.ini");
  std::vector<std::string> errors;
  validateSection(ini, "x", settings, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace duka::host
