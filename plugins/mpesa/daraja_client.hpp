// DarajaClient: Safaricom's Daraja API as SPEC 9 says: the OAuth token (cached until a
// minute before it expires), the STK push and its status query. Every call has the
// configured timeout; nothing here touches the database. No secret (consumer secret,
// passkey, token) ever reaches an exception's message.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <cstdint>
#include <duka/facility/http_client.hpp>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

#include "mpesa_settings.hpp"

namespace duka::mpesa {

// DarajaError is a call that did not give an answer to act on.
class DarajaError : public std::runtime_error {
 public:
  enum class Kind {
    Refused,      // Daraja said no (4xx, a ResponseCode other than 0): what() is its message
    Unavailable,  // 5xx, 500.001.1001 (still processing), refused connection: try again later
    TimedOut,     // no answer within the timeout
  };
  DarajaError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct StkPush {
  std::int64_t orderId = 0;
  std::int64_t amountShillings = 0;
  std::string phone;  // 2547XXXXXXXX, without "+"
};

struct StkPushAccepted {
  std::string merchantRequestId;
  std::string checkoutRequestId;
};

// StkResult is the status query's answer: the payment's ResultCode and ResultDesc.
struct StkResult {
  std::string resultCode;
  std::string resultDesc;
};

class DarajaClient {
 public:
  explicit DarajaClient(const MpesaSettings& settings);

  StkPushAccepted push(const StkPush& request);
  StkResult query(const std::string& checkoutRequestId);

  // timestamp is "yyyyMMddHHmmss" in Africa/Nairobi (UTC+3, no daylight saving).
  static std::string timestamp(Poco::Timestamp at);
  // password is base64(shortcode + passkey + timestamp).
  static std::string password(const std::string& shortcode, const std::string& passkey,
                              const std::string& timestamp);

 private:
  // token is the cached token, or a new one: one fetch at a time, which the callers that
  // need a token meanwhile share (they wait for it, never for the lock, up to the timeout).
  std::string token();
  // fetchToken asks Daraja for a token and when it expires.
  std::pair<std::string, std::chrono::steady_clock::time_point> fetchToken();
  HttpReply call(const std::string& path, const std::string& body);

  const MpesaSettings& settings_;
  HttpClient http_;
  std::mutex tokenMutex_;  // guards the three below, never held through a call
  std::string token_;
  std::chrono::steady_clock::time_point tokenUntil_{};
  std::shared_future<std::string> fetching_;  // valid while a fetch runs
};

// darajaField is a field of Daraja's JSON as text (numbers too); "" when absent or null.
std::string darajaField(const Poco::JSON::Object::Ptr& json, const std::string& key);

// darajaWords is Daraja's message as a client and the log may see it: at most 160
// characters, no control characters, and any word shaped like a URL or an encoded credential
// (which could be our own request echoed back) replaced by "[...]".
std::string darajaWords(const std::string& text);

// darajaPhone turns a Kenyan number ("+254712345678", "254712...", "0712 345 678"), read
// by customers' normalisePhoneNumber, into Daraja's 254XXXXXXXXX; "" when it is not a
// Kenyan mobile number.
std::string darajaPhone(const std::string& number);

// shillingsToPay is the unpaid amount in whole shillings, rounded up (Daraja takes whole
// shillings only).
std::int64_t shillingsToPay(std::int64_t unpaidMinor);

}  // namespace duka::mpesa
