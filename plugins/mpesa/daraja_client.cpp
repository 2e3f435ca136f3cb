#include "daraja_client.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <duka/plugins/customers/phone_number.hpp>
#include <sstream>

namespace duka::mpesa {

namespace {

// The token is reused until this long before Daraja says it expires.
constexpr std::chrono::seconds kTokenMargin{60};

Poco::JSON::Object::Ptr parsed(const std::string& body) {
  try {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return nullptr;  // not a JSON object (a proxy's error page)
  }
}

// kMaxMessage bounds what of Daraja's words reaches a client and the log.
constexpr std::size_t kMaxMessage = 160;

}  // namespace

std::string darajaWords(const std::string& text) {
  // Word by word: one that looks like a URL, or a run of base64 or hex long enough to be a
  // credential, a token or our own request echoed back, becomes "[...]".
  std::string out;
  std::size_t at = 0;
  while (at < text.size() && out.size() < kMaxMessage) {
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", at), text.size());
    const std::string word = text.substr(at, end - at);
    const bool encoded = word.size() >= 20 &&
                         word.find_first_not_of(
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"
                             ".:") == std::string::npos &&
                         word.find_first_of("0123456789") != std::string::npos;
    const bool url = word.find("://") != std::string::npos || word.find("www.") == 0;
    if (!word.empty()) {
      if (!out.empty())
        out += ' ';
      out += url || encoded ? "[...]" : word;
    }
    at = end + 1;
  }
  std::string printable;
  for (const char c : out.substr(0, kMaxMessage)) {
    const auto byte = static_cast<unsigned char>(c);
    printable += byte < 0x20 || byte == 0x7f ? ' ' : c;
  }
  if (out.size() > kMaxMessage || at < text.size())
    printable += "...";
  return printable;
}

namespace {

// failure turns an answer without success into the error to raise: Daraja's errorMessage
// (or ResponseDescription), bounded and without anything URL- or credential-shaped,
// retryable for 5xx and 500.001.1001.
DarajaError failure(const std::string& what, const HttpReply& reply) {
  const auto json = parsed(reply.body);
  const std::string code = darajaWords(darajaField(json, "errorCode").substr(0, 40));
  std::string message = darajaField(json, "errorMessage");
  if (message.empty())
    message = darajaField(json, "ResponseDescription");
  message = darajaWords(message);
  if (message.empty())
    message = "HTTP " + std::to_string(reply.status);
  if (!code.empty())
    message += " (" + code + ")";
  // 401: the token expired early or was revoked; the next call fetches another.
  const bool retry =
      reply.status >= 500 || code == "500.001.1001" || reply.status == 429 || reply.status == 401;
  return DarajaError(retry ? DarajaError::Kind::Unavailable : DarajaError::Kind::Refused,
                     what + ": " + message);
}

}  // namespace

std::string darajaField(const Poco::JSON::Object::Ptr& json, const std::string& key) {
  return json && json->has(key) && !json->isNull(key) ? json->get(key).toString() : "";
}

std::int64_t shillingsToPay(std::int64_t unpaidMinor) {
  return unpaidMinor <= 0 ? 0 : (unpaidMinor + 99) / 100;
}

DarajaClient::DarajaClient(const MpesaSettings& settings)
    : settings_(settings),
      http_(std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout), "duka-mpesa") {
}

std::string DarajaClient::timestamp(Poco::Timestamp at) {
  return Poco::DateTimeFormatter::format(at + Poco::Timespan(3 * Poco::Timespan::HOURS),
                                         "%Y%m%d%H%M%S");
}

std::string DarajaClient::password(const std::string& shortcode, const std::string& passkey,
                                   const std::string& timestamp) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << shortcode << passkey << timestamp;
  encoder.close();
  return out.str();
}

std::string DarajaClient::token() {
  std::promise<std::string> fetched;
  std::shared_future<std::string> shared;
  {
    std::lock_guard<std::mutex> lock(tokenMutex_);
    if (!token_.empty() && std::chrono::steady_clock::now() < tokenUntil_)
      return token_;
    if (fetching_.valid()) {
      shared = fetching_;
    } else {
      fetching_ = fetched.get_future().share();
    }
  }
  if (shared.valid()) {
    // Another call fetches: wait for its answer (it ends within its own timeout).
    if (shared.wait_for(settings_.timeout + std::chrono::seconds(1)) != std::future_status::ready)
      throw DarajaError(DarajaError::Kind::TimedOut, "Daraja's token did not come in time");
    return shared.get();  // rethrows the fetch's error
  }
  try {
    auto [token, until] = fetchToken();
    {
      std::lock_guard<std::mutex> lock(tokenMutex_);
      token_ = token;
      tokenUntil_ = until;
      fetching_ = {};
    }
    fetched.set_value(token);
    return token;
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(tokenMutex_);
      fetching_ = {};
    }
    fetched.set_exception(std::current_exception());
    throw;
  }
}

std::pair<std::string, std::chrono::steady_clock::time_point> DarajaClient::fetchToken() {
  const auto now = std::chrono::steady_clock::now();
  HttpReply reply;
  try {
    reply = http_.get(
        settings_.baseUrl + "/oauth/v1/generate?grant_type=client_credentials",
        {{"Authorization", basicAuthorization(settings_.consumerKey, settings_.consumerSecret)}});
  } catch (const HttpCallError& e) {
    throw DarajaError(e.timedOut() ? DarajaError::Kind::TimedOut : DarajaError::Kind::Unavailable,
                      e.what());
  }
  const auto json = parsed(reply.body);
  const std::string token = darajaField(json, "access_token");
  if (reply.status != 200 || token.empty()) {
    if (reply.status == 400 || reply.status == 401)
      throw DarajaError(DarajaError::Kind::Refused,
                        "Daraja refused the credentials (HTTP " + std::to_string(reply.status) +
                            "): check [mpesa] consumer_key, consumer_secret and environment");
    throw failure("Daraja's token", reply);
  }
  long long expiresIn = 3599;
  try {
    expiresIn = std::stoll(darajaField(json, "expires_in"));
  } catch (const std::exception&) {
    // Daraja's usual hour, less a second.
  }
  return {token, now + std::chrono::seconds(expiresIn) - kTokenMargin};
}

HttpReply DarajaClient::call(const std::string& path, const std::string& body) {
  const std::string bearer = "Bearer " + token();
  try {
    HttpReply reply =
        http_.post(settings_.baseUrl + path, body, "application/json", {{"Authorization", bearer}});
    if (reply.status == 401) {
      std::lock_guard<std::mutex> lock(tokenMutex_);
      token_.clear();
    }
    return reply;
  } catch (const HttpCallError& e) {
    throw DarajaError(e.timedOut() ? DarajaError::Kind::TimedOut : DarajaError::Kind::Unavailable,
                      e.what());
  }
}

StkPushAccepted DarajaClient::push(const StkPush& request) {
  const std::string at = timestamp(Poco::Timestamp());
  Poco::JSON::Object body;
  body.set("BusinessShortCode", settings_.shortcode);
  body.set("Password", password(settings_.shortcode, settings_.passkey, at));
  body.set("Timestamp", at);
  body.set("TransactionType", settings_.transactionType);
  body.set("Amount", request.amountShillings);
  body.set("PartyA", request.phone);
  body.set("PartyB", settings_.partyB());
  body.set("PhoneNumber", request.phone);
  body.set("CallBackURL", settings_.callbackUrl());
  body.set("AccountReference", "ORDER" + std::to_string(request.orderId));
  body.set("TransactionDesc", ("Order " + std::to_string(request.orderId)).substr(0, 13));
  std::ostringstream out;
  body.stringify(out);
  const HttpReply reply = call("/mpesa/stkpush/v1/processrequest", out.str());
  const auto json = parsed(reply.body);
  if (reply.status != 200 || darajaField(json, "ResponseCode") != "0")
    throw failure("Daraja refused the push", reply);
  StkPushAccepted accepted{darajaField(json, "MerchantRequestID"),
                           darajaField(json, "CheckoutRequestID")};
  if (accepted.checkoutRequestId.empty())
    throw DarajaError(DarajaError::Kind::Unavailable,
                      "Daraja accepted the push without a CheckoutRequestID");
  return accepted;
}

StkResult DarajaClient::query(const std::string& checkoutRequestId) {
  const std::string at = timestamp(Poco::Timestamp());
  Poco::JSON::Object body;
  body.set("BusinessShortCode", settings_.shortcode);
  body.set("Password", password(settings_.shortcode, settings_.passkey, at));
  body.set("Timestamp", at);
  body.set("CheckoutRequestID", checkoutRequestId);
  std::ostringstream out;
  body.stringify(out);
  const HttpReply reply = call("/mpesa/stkpushquery/v1/query", out.str());
  const auto json = parsed(reply.body);
  const std::string result = darajaField(json, "ResultCode");
  if (reply.status != 200 || darajaField(json, "ResponseCode") != "0" || result.empty())
    throw failure("Daraja's status query", reply);
  return {result, darajaField(json, "ResultDesc")};
}

std::string darajaPhone(const std::string& number) {
  const auto e164 = customers::normalisePhoneNumber(number, "254");
  const bool kenyanMobile = e164 && e164->size() == 13 && e164->starts_with("+254") &&
                            ((*e164)[4] == '7' || (*e164)[4] == '1');
  return kenyanMobile ? e164->substr(1) : "";
}

}  // namespace duka::mpesa
