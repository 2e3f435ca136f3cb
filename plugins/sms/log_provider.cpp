#include "log_provider.hpp"

namespace duka::sms {

SmsOutcome LogProvider::send(const SmsMessage& message) {
  // Built by hand, as the sent line (sms_courier.cpp): Poco::format costs more than the send.
  if (log_.information())
    log_.information("sms to " + message.to +
                     (message.senderId.empty() ? std::string() : " from " + message.senderId) +
                     ": " + message.text);
  return SmsOutcome::accepted("log-" + std::to_string(message.id));
}

}  // namespace duka::sms
