// LogProvider: the default SMS provider. It writes each message to the log and accepts it,
// so a development setup shows its messages without a gateway or a network.
#pragma once

#include <Poco/Logger.h>

#include <duka/plugins/sms/sms_provider.hpp>

namespace duka::sms {

class LogProvider : public SmsProvider {
 public:
  explicit LogProvider(Poco::Logger& log) : log_(log) {}
  SmsOutcome send(const SmsMessage& message) override;

 private:
  Poco::Logger& log_;
};

}  // namespace duka::sms
