// The twilio plugin: an SMS provider for duka through Twilio's Messages API (a form POST with
// HTTP Basic auth; 201 with the message's "sid"). Select it with `[sms] provider = twilio`.
#include <duka/plugins/sms/sms_provider.hpp>

namespace twilio {

using namespace duka;

class Provider : public sms::SmsProvider {
 public:
  struct Settings {
    std::string sid, token, from, baseUrl;
  };
  static PluginInfo info() { return {"twilio", "1.0.0", "SMS through Twilio", {}}; }
  inline static const auto kSettings =
      SettingsOf<Settings>()
          .bind(Setting::text("account_sid", "", "Account SID").asRequired(), &Settings::sid)
          .bind(Setting::text("auth_token", "", "Auth Token").asRequired().asSecret(),
                &Settings::token)
          .bind(Setting::text("from", "", "sending number").asRequired(), &Settings::from)
          .bind(Setting::url("base_url", "https://api.twilio.com", "API URL"), &Settings::baseUrl);

  explicit Provider(Settings settings) : s_(std::move(settings)) {}
  sms::SmsOutcome send(const sms::SmsMessage& message) override {
    const std::string from = message.senderId.empty() ? s_.from : message.senderId;
    return sms::outcomeOf(
        http_.postForm(s_.baseUrl + "/2010-04-01/Accounts/" + s_.sid + "/Messages.json",
                       {{"To", message.to}, {"From", from}, {"Body", message.text}},
                       {{"Authorization", basicAuthorization(s_.sid, s_.token)}}),
        "sid");
  }

 private:
  const Settings s_;
  const HttpClient http_{std::chrono::seconds(10)};  // about [sms] send_timeout_s
};

}  // namespace twilio

DUKA_PLUGIN(duka::sms::ProviderPlugin<twilio::Provider>)
