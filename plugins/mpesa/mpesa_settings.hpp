// MpesaSettings: the validated [mpesa] section as typed values (SPEC 3 and 9).
#pragma once

#include <chrono>
#include <duka/settings.hpp>
#include <string>

namespace duka::mpesa {

struct MpesaSettings {
  std::string environment;  // sandbox | production (Daraja's, not duka's)
  std::string baseUrl;      // the sandbox's or production's by environment when not set
  std::string consumerKey;
  std::string consumerSecret;  // secret
  std::string shortcode;
  std::string passkey;  // secret
  std::string transactionType;
  std::string tillNumber;
  std::string callbackBaseUrl;
  std::string callbackToken;  // secret
  bool confirmCallbacks = true;
  std::chrono::seconds queryAfter{60};
  int concurrency = 8;
  std::chrono::seconds timeout{15};  // one Daraja call

  // from reads the section, filling in the base URL by environment.
  static MpesaSettings from(const IniSection& section);
  // missing names the keys a payment needs that are empty ("" when none is).
  std::string missing() const;
  // partyB is BusinessShortCode for a paybill, till_number for buy goods.
  const std::string& partyB() const;
  // callbackUrl is where Daraja posts the STK push's result.
  std::string callbackUrl() const;
};

const Settings<MpesaSettings>& mpesaSettings();

inline constexpr const char* kSandboxBaseUrl = "https://sandbox.safaricom.co.ke";
inline constexpr const char* kProductionBaseUrl = "https://api.safaricom.co.ke";

}  // namespace duka::mpesa
