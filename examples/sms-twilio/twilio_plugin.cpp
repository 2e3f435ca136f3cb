// The twilio plugin: an SMS provider for duka through Twilio's Messages API (a form POST with
// HTTP Basic auth; 201 with the message's "sid"). Select it with `[sms] provider = twilio`.
#include <duka/plugins/sms/sms_provider.hpp>

namespace twilio {

using namespace duka;

class Provider : public sms::SmsProvider {
 public:
  struct TwilioSettings {
    std::string sid, token, from, baseUrl;
  };
  static PluginInfo info() { return {"twilio", "1.0.0", "SMS through Twilio", {}}; }
  inline static const auto kSettings =
      Settings<TwilioSettings>()
          .bind(Setting::text("account_sid", "", "Account SID").asRequired(), &TwilioSettings::sid)
          .bind(Setting::text("auth_token", "", "Auth Token").asRequired().asSecret(),
                &TwilioSettings::token)
          .bind(Setting::text("from", "", "sending number").asRequired(), &TwilioSettings::from)
          .bind(Setting::url("base_url", "https://api.twilio.com", "API URL"),
                &TwilioSettings::baseUrl);

  explicit Provider(TwilioSettings settings) : s_(std::move(settings)) {}
  sms::SmsOutcome send(const sms::SmsMessage& message) override {
    const std::string from = message.senderId.empty() ? s_.from : message.senderId;
    return sms::outcomeOf(
        http_.withTimeout(message.timeout)
            .postForm(s_.baseUrl + "/2010-04-01/Accounts/" + s_.sid + "/Messages.json",
                      {{"To", message.to}, {"From", from}, {"Body", message.text}},
                      {{"Authorization", basicAuthorization(s_.sid, s_.token)}}),
        "sid");
  }

 private:
  const TwilioSettings s_;
  const HttpClient http_{std::chrono::seconds(10)};  // each send gives its own timeout
};

}  // namespace twilio

DUKA_PLUGIN(duka::sms::ProviderPlugin<twilio::Provider>)
