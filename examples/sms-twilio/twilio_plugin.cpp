// The twilio plugin: registers an SMS provider named "twilio" for the sms plugin, which
// uses it when `[sms] provider = twilio`. It needs no `requires`: sms looks providers up
// once every plugin has started.
#include <duka/sdk.hpp>
#include <memory>

#include "twilio_provider.hpp"

namespace twilio {

class TwilioPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "twilio",
            .version = "1.0.0",
            .description = "SMS provider: Twilio's Messages API",
            .requiredPlugins = {}};
  }

  std::vector<duka::Setting> settings() const override {
    return {duka::Setting::text("account_sid", "", "the Account SID (AC...)").asRequired(),
            duka::Setting::text("auth_token", "", "the Auth Token").asRequired().asSecret(),
            duka::Setting::text("from", "", "the sending number (E.164) or sender id").asRequired(),
            duka::Setting::text("base_url", "https://api.twilio.com", "the API's base URL"),
            duka::Setting::integer("timeout_s", 10, 1, 120, "timeout of one API call")};
  }

  std::vector<duka::SettingProblem> validate(const duka::Settings& settings) const override {
    if (!duka::isSecureServiceUrl(settings.string("base_url")))
      return {{"base_url", "must be an https URL (plain http only to a loopback host)"}};
    return {};
  }

  void start(duka::PluginContext& context) override {
    const duka::Settings& s = context.settings();
    TwilioSettings settings{s.string("account_sid"), s.string("auth_token"), s.string("from"),
                            s.string("base_url"), std::chrono::seconds(s.integer("timeout_s"))};
    while (!settings.baseUrl.empty() && settings.baseUrl.back() == '/')
      settings.baseUrl.pop_back();
    context.services().provide<duka::sms::SmsProvider>(
        duka::sms::smsProviderService("twilio"),
        std::make_shared<TwilioProvider>(std::move(settings), context.log()));
  }
};

}  // namespace twilio

DUKA_PLUGIN(twilio::TwilioPlugin)
