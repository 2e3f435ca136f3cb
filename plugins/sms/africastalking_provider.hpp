// AfricasTalkingProvider: sends through Africa's Talking's bulk SMS API as SPEC 7 says:
// POST {base_url}/version1/messaging with the apiKey header and the form fields username,
// to, message and from; a 201 answer's recipient statusCode decides the outcome.
#pragma once

#include <Poco/Logger.h>

#include <duka/facility/http_client.hpp>
#include <duka/plugins/sms/sms_provider.hpp>

#include "sms_settings.hpp"

namespace duka::sms {

class AfricasTalkingProvider : public SmsProvider {
 public:
  AfricasTalkingProvider(AfricasTalkingSettings settings, std::chrono::seconds timeout,
                         Poco::Logger& log);
  SmsOutcome send(const SmsMessage& message) override;

 private:
  AfricasTalkingSettings settings_;
  HttpClient http_;
  Poco::Logger& log_;
};

// africasTalkingOutcome reads one answer of the messaging endpoint (exposed for tests).
SmsOutcome africasTalkingOutcome(const HttpReply& reply);

}  // namespace duka::sms
