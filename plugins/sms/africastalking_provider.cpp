#include "africastalking_provider.hpp"

#include <Poco/JSON/Parser.h>

namespace duka::sms {

namespace {

// recipientOutcome maps a recipient's statusCode (SPEC 7's table).
SmsOutcome recipientOutcome(int code, const std::string& status, const std::string& messageId) {
  const std::string reason =
      (status.empty() ? "status" : status) + " (" + std::to_string(code) + ")";
  switch (code) {
    case 100:  // Processed
    case 101:  // Sent
    case 102:  // Queued
      if (messageId.empty() || messageId == "None")
        return SmsOutcome::retryable("accepted without a messageId: " + reason);
      return SmsOutcome::accepted(messageId);
    case 402:  // InvalidSenderId
    case 403:  // InvalidPhoneNumber
    case 404:  // UnsupportedNumberType
    case 406:  // UserInBlacklist
    case 409:  // DoNotDisturbRejection
      return SmsOutcome::permanent(reason);
    case 401:  // RiskHold
    case 405:  // InsufficientBalance
    case 407:  // CouldNotRoute
    case 500:  // InternalServerError
    case 501:  // GatewayError
    case 502:  // RejectedByGateway
      return SmsOutcome::retryable(reason);
    default:  // a code this version does not know: retried, within max_attempts
      return SmsOutcome::retryable("unknown " + reason);
  }
}

}  // namespace

AfricasTalkingProvider::AfricasTalkingProvider(AfricasTalkingSettings settings,
                                               std::chrono::seconds timeout, Poco::Logger& log)
    : settings_(std::move(settings)), http_(timeout, "duka-sms"), log_(log) {}

SmsOutcome AfricasTalkingProvider::send(const SmsMessage& message) {
  NameValues fields{
      {"username", settings_.username}, {"to", message.to}, {"message", message.text}};
  if (!message.senderId.empty())
    fields.emplace_back("from", message.senderId);
  HttpReply reply;
  try {
    reply = http_.postForm(settings_.baseUrl + "/version1/messaging", fields,
                           {{"apiKey", settings_.apiKey}, {"Accept", "application/json"}});
  } catch (const HttpCallError& e) {
    return SmsOutcome::retryable(e.what());
  }
  if (reply.status == 401) {
    log_.error(
        "Africa's Talking refused the credentials (HTTP 401): check [sms.africastalking] "
        "username and api_key (a new key takes a few minutes to work), the base_url (live or "
        "sandbox), and [sms] sender_id, which must be registered to the account");
  }
  return africasTalkingOutcome(reply);
}

SmsOutcome africasTalkingOutcome(const HttpReply& reply) {
  if (reply.status == 401)
    return SmsOutcome::retryable("HTTP 401: the supplied authentication is invalid");
  if (reply.status >= 500)
    return SmsOutcome::retryable("HTTP " + std::to_string(reply.status));
  if (reply.status == 408 || reply.status == 429)
    return SmsOutcome::retryable("HTTP " + std::to_string(reply.status));
  if (reply.status < 200 || reply.status > 299) {
    // Another 4xx: the request itself is wrong (e.g. a malformed number); it stays wrong.
    std::string text = reply.body.substr(0, 200);
    return SmsOutcome::permanent("HTTP " + std::to_string(reply.status) +
                                 (text.empty() ? "" : ": " + text));
  }
  try {
    const auto root = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
    const auto data = root ? root->getObject("SMSMessageData") : nullptr;
    if (!data)
      return SmsOutcome::retryable("HTTP " + std::to_string(reply.status) +
                                   " without SMSMessageData");
    const auto recipients = data->getArray("Recipients");
    if (!recipients || recipients->size() == 0) {
      // No recipient: the gateway refused the whole request and says why in Message
      // (e.g. "InvalidSenderId"); sending it again would get the same answer.
      const std::string why = data->has("Message") ? data->get("Message").toString() : "";
      return SmsOutcome::permanent("no recipient accepted" +
                                   (why.empty() ? "" : ": " + why.substr(0, 200)));
    }
    const auto recipient = recipients->getObject(0);
    if (!recipient || !recipient->has("statusCode"))
      return SmsOutcome::retryable("a recipient without statusCode");
    const int code = recipient->getValue<int>("statusCode");
    const std::string status = recipient->has("status") ? recipient->get("status").toString() : "";
    const std::string messageId = recipient->has("messageId") && !recipient->isNull("messageId")
                                      ? recipient->get("messageId").toString()
                                      : "";
    return recipientOutcome(code, status.substr(0, 100), messageId.substr(0, 200));
  } catch (const Poco::Exception&) {
    return SmsOutcome::retryable("an answer that is not the expected JSON (HTTP " +
                                 std::to_string(reply.status) + ")");
  } catch (const std::exception&) {
    return SmsOutcome::retryable("an answer that is not the expected JSON (HTTP " +
                                 std::to_string(reply.status) + ")");
  }
}

}  // namespace duka::sms
