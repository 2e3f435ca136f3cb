#include "twilio_provider.hpp"

#include <Poco/JSON/Parser.h>

namespace twilio {

namespace {

// errorText is Twilio's error JSON ({"code", "message", "more_info", "status"}) as one line.
std::string errorText(const duka::HttpReply& reply) {
  std::string text = "HTTP " + std::to_string(reply.status);
  try {
    const auto error = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
    if (error && error->has("code"))
      text += ", Twilio error " + error->get("code").toString();
    if (error && error->has("message"))
      text += ": " + error->get("message").toString().substr(0, 200);
  } catch (const Poco::Exception&) {
    // Not JSON (a proxy's error page, say): the status is all there is.
  }
  return text;
}

}  // namespace

TwilioProvider::TwilioProvider(TwilioSettings settings, Poco::Logger& log)
    : settings_(std::move(settings)), http_(settings_.timeout, "duka-sms-twilio"), log_(log) {}

duka::sms::SmsOutcome TwilioProvider::send(const duka::sms::SmsMessage& message) {
  const std::string from = message.senderId.empty() ? settings_.from : message.senderId;
  duka::HttpReply reply;
  try {
    reply = http_.postForm(
        settings_.baseUrl + "/2010-04-01/Accounts/" + settings_.accountSid + "/Messages.json",
        {{"To", message.to}, {"From", from}, {"Body", message.text}},
        {{"Authorization", duka::basicAuthorization(settings_.accountSid, settings_.authToken)}});
  } catch (const duka::HttpCallError& e) {
    return duka::sms::SmsOutcome::retryable(e.what());  // no answer: try again later
  }
  if (reply.status == 401) {
    log_.error(
        "Twilio refused the credentials (HTTP 401): check [twilio] account_sid and "
        "auth_token");
  }
  return twilioOutcome(reply);
}

duka::sms::SmsOutcome twilioOutcome(const duka::HttpReply& reply) {
  if (reply.status == 201 || reply.status == 200) {
    try {
      const auto message =
          Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
      const std::string sid = message && message->has("sid") ? message->get("sid").toString() : "";
      const std::string status =
          message && message->has("status") ? message->get("status").toString() : "";
      if (status == "failed" || status == "undelivered")
        return duka::sms::SmsOutcome::permanent("Twilio answered status " + status);
      if (sid.empty())
        return duka::sms::SmsOutcome::retryable("Twilio answered without a sid");
      return duka::sms::SmsOutcome::accepted(sid);
    } catch (const Poco::Exception&) {
      return duka::sms::SmsOutcome::retryable("Twilio's answer is not JSON");
    }
  }
  // 401: wrong credentials, fixed by the operator; 429: too many requests; 5xx: Twilio's
  // trouble. All may work later. Any other 4xx (an invalid number, an unverified sender)
  // would be refused again.
  if (reply.status == 401 || reply.status == 429 || reply.status >= 500)
    return duka::sms::SmsOutcome::retryable(errorText(reply));
  return duka::sms::SmsOutcome::permanent(errorText(reply));
}

}  // namespace twilio
