// The @NAME@ plugin: an SMS provider for duka through a JSON gateway (POST {base_url}/messages
// {"to","from","text"} with a bearer API key; 2xx with the message's "id"). Select it with
// `[sms] provider = @NAME@`; adapt send() to your gateway's documentation.
#include <duka/plugins/sms/sms_provider.hpp>

namespace @NAME@ {

using namespace duka;

class Provider : public sms::SmsProvider {
 public:
  struct GatewaySettings {
    std::string baseUrl, apiKey, from;
  };
  static PluginInfo info() { return {"@NAME@", "0.1.0", "SMS through the @NAME@ gateway", {}}; }
  inline static const auto kSettings =
      Settings<GatewaySettings>()
          .bind(Setting::url("base_url", "", "the gateway's URL").asRequired(),
                &GatewaySettings::baseUrl)
          .bind(Setting::text("api_key", "", "API key").asRequired().asSecret(),
                &GatewaySettings::apiKey)
          .bind(Setting::text("from", "", "sender id; empty: the gateway's"),
                &GatewaySettings::from);

  explicit Provider(GatewaySettings settings) : s_(std::move(settings)) {}
  sms::SmsOutcome send(const sms::SmsMessage& message) override {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("to", message.to);
    body->set("from", message.senderId.empty() ? s_.from : message.senderId);
    body->set("text", message.text);
    return sms::outcomeOf(http_.withTimeout(message.timeout)
                              .post(s_.baseUrl + "/messages", toJson(body), "application/json",
                                    {{"Authorization", "Bearer " + s_.apiKey}}),
                          "id");
  }

 private:
  const GatewaySettings s_;
  const HttpClient http_{std::chrono::seconds(10)};  // each send gives its own timeout
};

}  // namespace @NAME@

DUKA_PLUGIN(duka::sms::ProviderPlugin<@NAME@::Provider>)
