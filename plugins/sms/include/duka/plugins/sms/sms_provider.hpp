// duka/plugins/sms/sms_provider.hpp: the sms plugin's extension point, the SMS provider. A
// provider sends one message and says what became of it; the sms plugin's outbox (run by the
// host, duka/facility/outbox.hpp) does the queueing, retries and bookkeeping.
//
// A provider plugin registers its provider in start():
//     context.services().provide<sms::SmsProvider>(sms::smsProviderService("twilio"), provider);
// and the operator selects it with `[sms] provider = twilio`. It needs no `requires`: the
// sms plugin looks providers up under its own prefix once every plugin has started.
#pragma once

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <cstdint>
#include <duka/facility/http_client.hpp>
#include <duka/plugin.hpp>
#include <memory>
#include <string>
#include <utility>

namespace duka::sms {

// SmsMessage is one text to one number.
struct SmsMessage {
  std::int64_t id = 0;   // the outbox row id: stable across retries, for logs and dedup
  std::string to;        // E.164, e.g. "+254712345678"
  std::string text;      // UTF-8
  std::string senderId;  // `[sms] sender_id`; "" means the provider's default
  std::chrono::milliseconds timeout{10000};  // `[sms] send_timeout_s`: the send's whole time
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

// SmsProvider sends messages. send runs on the outbox's worker threads, up to `[sms]
// concurrency` calls at once (never two to one number at once), so it must be thread-safe
// (HttpClient is), and must return within message.timeout (`[sms] send_timeout_s`): call
// through `http.withTimeout(message.timeout)`. An exception counts as a retryable
// failure with its message as the reason. The object must stay usable until it is
// destroyed, also after its plugin's stop(): the outbox may still be finishing a send.
class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  virtual SmsOutcome send(const SmsMessage& message) = 0;
};

// outcomeOf reads a JSON gateway's answer the usual way: a 2xx whose JSON object names the
// message in idField (a top-level key) is accepted with that id, and a 2xx without it is
// retried; 401 (credentials), 408, 429 and 5xx are retried; any other answer fails for
// good. The reason is "HTTP <status>" and the body's top-level "message" or "error" (its
// first 200 bytes), if any.
inline SmsOutcome outcomeOf(const HttpReply& reply, const std::string& idField) {
  Poco::JSON::Object::Ptr json;
  try {
    json = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    // Not a JSON object (a proxy's error page): the status decides.
  }
  const auto text = [&](const std::string& key) {
    return json && json->has(key) && !json->isNull(key) ? json->get(key).toString() : "";
  };
  const std::string status = "HTTP " + std::to_string(reply.status);
  if (reply.status >= 200 && reply.status < 300) {
    const std::string id = text(idField);
    return id.empty() ? SmsOutcome::retryable(status + " without " + idField)
                      : SmsOutcome::accepted(id);
  }
  std::string reason = status;
  for (const char* key : {"message", "error"}) {
    if (const std::string said = text(key); !said.empty()) {
      reason += ": " + said.substr(0, 200);
      break;
    }
  }
  const int code = reply.status;
  const bool later = code == 401 || code == 408 || code == 429 || code >= 500;
  return later ? SmsOutcome::retryable(reason) : SmsOutcome::permanent(reason);
}

// kSmsProviderPrefix is the service-name prefix of providers: "sms.provider.<name>".
inline constexpr const char* kSmsProviderPrefix = "sms.provider.";

inline std::string smsProviderService(const std::string& name) {
  return kSmsProviderPrefix + name;
}

// ProviderPlugin<P> is a whole plugin that provides P as the SMS provider named after the
// plugin. P declares `static PluginInfo info()`, its settings as `static const
// Settings<T> kSettings` (T: its own settings struct), and a constructor taking a T:
//     DUKA_PLUGIN(duka::sms::ProviderPlugin<twilio::Provider>)
template <class P>
class ProviderPlugin : public Plugin {
 public:
  PluginInfo info() const override { return P::info(); }
  const SettingsDeclaration& settings() const override { return P::kSettings; }
  void start(PluginContext& context) override {
    context.services().provide<SmsProvider>(
        smsProviderService(P::info().name),
        std::make_shared<P>(P::kSettings.read(context.section())));
  }
};

}  // namespace duka::sms
