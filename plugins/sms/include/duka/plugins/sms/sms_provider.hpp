// duka/plugins/sms/sms_provider.hpp: the sms plugin's extension point, the SMS provider. A
// provider sends one message and says what became of it; the sms plugin's dispatcher does
// the queueing, retries and bookkeeping.
//
// A provider plugin registers its provider in start():
//     context.services().provide<sms::SmsProvider>(sms::smsProviderService("twilio"), provider);
// and the operator selects it with `[sms] provider = twilio`. It needs no `requires`: the
// sms plugin looks providers up under its own prefix once every plugin has started.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace duka::sms {

// SmsMessage is one text to one number.
struct SmsMessage {
  std::int64_t id = 0;   // the outbox row id: stable across retries, for logs and dedup
  std::string to;        // E.164, e.g. "+254712345678"
  std::string text;      // UTF-8
  std::string senderId;  // `[sms] sender_id`; "" means the provider's default
};

// SmsOutcome is what became of one send.
struct SmsOutcome {
  enum class Kind {
    Accepted,   // the provider took the message; messageId is its id (for delivery reports)
    Retryable,  // not sent, may succeed later (timeout, 5xx, throttling, balance, ...)
    Permanent,  // not sent and never will be (invalid number, blacklisted, ...)
  };
  Kind kind = Kind::Retryable;
  std::string messageId;
  std::string reason;  // why it was not accepted; shown to staff, so never a secret

  static SmsOutcome accepted(std::string messageId) {
    return {Kind::Accepted, std::move(messageId), ""};
  }
  static SmsOutcome retryable(std::string reason) {
    return {Kind::Retryable, "", std::move(reason)};
  }
  static SmsOutcome permanent(std::string reason) {
    return {Kind::Permanent, "", std::move(reason)};
  }
};

// SmsProvider sends messages. send runs on the dispatcher's thread, one call at a time, and
// must return within about `[sms] send_timeout_s` (give your HTTP client that timeout: see
// duka/http_client.hpp). An exception counts as a retryable failure with its message as
// the reason. The object must stay usable until it is destroyed, also after its plugin's
// stop(): the dispatcher may still be finishing a send.
class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  virtual SmsOutcome send(const SmsMessage& message) = 0;
};

// kSmsProviderPrefix is the service-name prefix of providers: "sms.provider.<name>".
inline constexpr const char* kSmsProviderPrefix = "sms.provider.";

inline std::string smsProviderService(const std::string& name) {
  return kSmsProviderPrefix + name;
}

}  // namespace duka::sms
