// The [sms] and [sms.africastalking] sections: every rule `duka --check` enforces, and a
// provider that no loaded plugin provides, which stops the start naming the setting.
#include <gtest/gtest.h>

#include <duka/testing/duka_process.hpp>

#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class SmsConfig : public ::testing::Test {
 protected:
  std::string ini(const std::string& sections) {
    return dir_.write(
        "duka.ini",
        serverIni("[database]\npath = " + dir_.file("db/duka.db") + "\n", testPluginDir(),
                  "auth, customers, inventory, audit, orders, sms",
                  "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + sections));
  }
  RunResult check(const std::string& sections) {
    return runDuka({"--config=" + ini(sections), "--check"});
  }
  void expectRefused(const RunResult& result, const std::string& message) {
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find(message), std::string::npos) << result.output;
  }
  TempDir dir_;
};

TEST_F(SmsConfig, TheDefaultsCheck) {
  const RunResult result = check("");
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST_F(SmsConfig, AfricasTalkingSettingsCheck) {
  const RunResult result = check(
      "[sms]\nprovider = africastalking\nsender_id = DUKA\nstaff_numbers = +254700000001\n"
      "template.low_stock = Low: {item.name} ({item.sku}) {{!}}\n"
      "delivery_report_token = 0123456789abcdef\n"
      "[sms.africastalking]\nusername = shop\napi_key = secret-at-key\n"
      "base_url = https://api.africastalking.com\n");
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST_F(SmsConfig, AfricasTalkingNeedsAnApiKey) {
  expectRefused(
      check("[sms]\nprovider = africastalking\n"),
      "duka.ini: [sms] africastalking.api_key: is required when provider = africastalking");
}

TEST_F(SmsConfig, TemplatesAreChecked) {
  expectRefused(check("[sms]\ntemplate.order_created = Hi {item.name}\n"),
                "[sms] template.order_created: {item.name} is not a field of this message");
  expectRefused(check("[sms]\ntemplate.order_created = Hi {customer.name\n"),
                "[sms] template.order_created: a '{' without its '}'");
  expectRefused(check("[sms]\ntemplate.order_shipped = Hi\n"),
                "[sms] template.order_shipped: no message is called 'order_shipped'");
}

TEST_F(SmsConfig, NumbersTokensAndUrlsAreChecked) {
  expectRefused(check("[sms]\nstaff_numbers = +254700000001, 0712 345 678\n"),
                "[sms] staff_numbers: '0712 345 678' is not an E.164 number");
  const RunResult token = check("[sms]\ndelivery_report_token = short-secret\n");
  expectRefused(token, "[sms] delivery_report_token: must be at least 16 characters");
  EXPECT_EQ(token.output.find("short-secret"), std::string::npos) << token.output;
  expectRefused(check("[sms.africastalking]\nbase_url = http://api.africastalking.com\n"),
                "[sms] africastalking.base_url: must be an https URL");
  expectRefused(check("[sms]\nretry_base_s = 60\nretry_max_s = 10\n"),
                "[sms] retry_max_s: must not be less than retry_base_s");
  expectRefused(check("[sms]\nmax_attempts = 0\n"),
                "[sms] max_attempts: must be between 1 and 100");
}

TEST_F(SmsConfig, UnknownKeysAreRefusedInBothSections) {
  expectRefused(check("[sms]\nprovder = log\n"), "[sms] provder: unknown key");
  expectRefused(check("[sms.africastalking]\napikey = x\n"), "africastalking.apikey: unknown key");
}

TEST_F(SmsConfig, AProviderNoPluginProvidesStopsTheStart) {
  // --check cannot know (providers register when they start); serving refuses at once.
  const RunResult result = runDuka({"--config=" + ini("[sms]\nprovider = twilo\n")});
  expectRefused(result,
                "[sms] provider = twilo: no loaded plugin provides the SMS provider 'twilo' "
                "(loaded: africastalking, log)");
}

}  // namespace
}  // namespace duka::test
