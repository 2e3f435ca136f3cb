#include "log_provider.hpp"

namespace duka::sms {

SmsOutcome LogProvider::send(const SmsMessage& message) {
  log_.information("sms to %s%s: %s", message.to,
                   message.senderId.empty() ? std::string() : " from " + message.senderId,
                   message.text);
  return SmsOutcome::accepted("log-" + std::to_string(message.id));
}

}  // namespace duka::sms
