// TwilioProvider: sends one SMS through Twilio's Messages API:
// POST {base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth with the
// account SID and auth token, form fields To, From and Body; 201 with the message's sid.
#pragma once

#include <Poco/Logger.h>

#include <duka/http_client.hpp>
#include <duka/plugins/sms/sms_provider.hpp>
#include <string>

namespace twilio {

struct TwilioSettings {
  std::string accountSid;
  std::string authToken;  // a secret: never logged
  std::string from;       // a Twilio number in E.164, or an alphanumeric sender id
  std::string baseUrl;    // https://api.twilio.com
  std::chrono::seconds timeout{10};
};

class TwilioProvider : public duka::sms::SmsProvider {
 public:
  TwilioProvider(TwilioSettings settings, Poco::Logger& log);
  duka::sms::SmsOutcome send(const duka::sms::SmsMessage& message) override;

 private:
  TwilioSettings settings_;
  duka::HttpClient http_;
  Poco::Logger& log_;
};

// twilioOutcome reads one answer of the Messages endpoint.
duka::sms::SmsOutcome twilioOutcome(const duka::HttpReply& reply);

}  // namespace twilio
