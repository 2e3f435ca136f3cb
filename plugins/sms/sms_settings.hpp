// SmsSettings: the validated [sms] section (and [sms.africastalking], which Poco reads as
// the keys africastalking.* of [sms]) as typed values.
#pragma once

#include <chrono>
#include <duka/settings.hpp>
#include <map>
#include <string>
#include <vector>

namespace duka::sms {

struct AfricasTalkingSettings {
  std::string username;
  std::string apiKey;   // secret
  std::string baseUrl;  // the live or sandbox URL by username when not set
};

struct SmsSettings {
  std::string provider;
  std::string senderId;
  int maxAttempts = 8;
  std::chrono::seconds retryBase{2};
  std::chrono::seconds retryMax{600};
  std::chrono::seconds sendTimeout{10};
  int concurrency = 8;
  std::vector<std::string> staffNumbers;
  std::map<std::string, std::string> templates;  // by template name: order_created, ...
  std::string deliveryReportToken;               // secret; "" turns the callback off
  std::string inboundToken;                      // secret; "" turns SMS commands off
  AfricasTalkingSettings africasTalking;

  // from reads the section, filling in the default templates and Africa's Talking's URL.
  static SmsSettings from(const IniSection& section);
};

// smsSettings declares the [sms] section (with [sms.africastalking], read as africastalking.*),
// each key bound to its member, and the rules across keys: templates, numbers, the
// provider's keys.
const Settings<SmsSettings>& smsSettings();

inline constexpr const char* kSandboxBaseUrl = "https://api.sandbox.africastalking.com";
inline constexpr const char* kLiveBaseUrl = "https://api.africastalking.com";

}  // namespace duka::sms
