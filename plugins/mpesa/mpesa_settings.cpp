#include "mpesa_settings.hpp"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <duka/facility/http_client.hpp>

namespace duka::mpesa {

namespace {

std::vector<SettingProblem> check(const MpesaSettings& s) {
  std::vector<SettingProblem> problems;
  if (!s.callbackToken.empty() && s.callbackToken.size() < 16)
    problems.push_back({"callback_token", "must be at least 16 characters"});
  if (!s.callbackToken.empty() &&
      s.callbackToken.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789-_") != std::string::npos)
    problems.push_back({"callback_token", "may hold only letters, digits, '-' and '_'"});
  if (!s.callbackBaseUrl.empty()) {
    // Daraja calls it from the internet: https, and (Daraja's rule) no "mpesa" or
    // "safaricom" anywhere in it.
    if (!isSecureServiceUrl(s.callbackBaseUrl))
      problems.push_back(
          {"callback_base_url", "must be https (plain http only to a loopback host, for tests)"});
    const std::string lower = Poco::toLower(s.callbackBaseUrl);
    if (lower.find("mpesa") != std::string::npos || lower.find("m-pesa") != std::string::npos ||
        lower.find("safaricom") != std::string::npos)
      problems.push_back({"callback_base_url", "Daraja refuses URLs naming M-Pesa or Safaricom"});
  }
  if (s.transactionType == "CustomerBuyGoodsOnline" && s.tillNumber.empty())
    problems.push_back({"till_number", "is required for transaction_type CustomerBuyGoodsOnline"});
  if (s.shortcode.find_first_not_of("0123456789") != std::string::npos || s.shortcode.empty())
    problems.push_back({"shortcode", "must be digits (the paybill or store number)"});
  return problems;
}

}  // namespace

const Settings<MpesaSettings>& mpesaSettings() {
  using S = MpesaSettings;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::choice("environment", "sandbox", {"sandbox", "production"},
                                "Daraja's sandbox or production"),
                &S::environment)
          .bind(Setting::url("base_url", "",
                             "Daraja's base URL; empty: the sandbox's or production's"),
                &S::baseUrl)
          .bind(Setting::text("consumer_key", "", "the Daraja app's consumer key")
                    .asSecret()
                    .asRequiredInProduction(),
                &S::consumerKey)
          .bind(Setting::text("consumer_secret", "", "the Daraja app's consumer secret")
                    .asSecret()
                    .asRequiredInProduction(),
                &S::consumerSecret)
          .bind(Setting::text("shortcode", "174379", "BusinessShortCode (paybill or store number)"),
                &S::shortcode)
          .bind(Setting::text("passkey", "", "the Lipa na M-Pesa Online passkey")
                    .asSecret()
                    .asRequiredInProduction(),
                &S::passkey)
          .bind(Setting::choice("transaction_type", "CustomerPayBillOnline",
                                {"CustomerPayBillOnline", "CustomerBuyGoodsOnline"},
                                "paybill or buy goods (till)"),
                &S::transactionType)
          .bind(Setting::text("till_number", "", "PartyB for CustomerBuyGoodsOnline"),
                &S::tillNumber)
          .bind(Setting::url("callback_base_url", "", "this duka's public https URL")
                    .asRequiredInProduction(),
                &S::callbackBaseUrl)
          .bind(Setting::text("callback_token", "",
                              "at least 16 letters, digits, - or _; part of every callback path")
                    .asSecret()
                    .asRequiredInProduction(),
                &S::callbackToken)
          .bind(Setting::boolean("confirm_callbacks", true,
                                 "ask Daraja before a callback's success counts"),
                &S::confirmCallbacks)
          .bind(Setting::integer("query_after_s", 60, 5, 3600,
                                 "a push with no callback by then is queried"),
                &S::queryAfter)
          .bind(Setting::integer("concurrency", 8, 1, 64, "Daraja calls in flight at once"),
                &S::concurrency)
          .bind(Setting::integer("timeout_s", 15, 1, 120, "timeout of one Daraja call"),
                &S::timeout)
          .rule(check);
  return settings;
}

MpesaSettings MpesaSettings::from(const IniSection& section) {
  MpesaSettings s = mpesaSettings().read(section);
  if (s.baseUrl.empty())
    s.baseUrl = s.environment == "production" ? kProductionBaseUrl : kSandboxBaseUrl;
  for (std::string* url : {&s.baseUrl, &s.callbackBaseUrl}) {
    while (!url->empty() && url->back() == '/')
      url->pop_back();
  }
  return s;
}

std::string MpesaSettings::missing() const {
  std::string names;
  for (const auto& [key, value] :
       {std::pair{"consumer_key", &consumerKey}, std::pair{"consumer_secret", &consumerSecret},
        std::pair{"passkey", &passkey}, std::pair{"callback_base_url", &callbackBaseUrl},
        std::pair{"callback_token", &callbackToken}}) {
    if (value->empty())
      names += (names.empty() ? "" : ", ") + std::string(key);
  }
  return names;
}

const std::string& MpesaSettings::partyB() const {
  return transactionType == "CustomerBuyGoodsOnline" ? tillNumber : shortcode;
}

std::string MpesaSettings::callbackUrl() const {
  return callbackBaseUrl + "/api/payments/stk/callback/" + callbackToken + "/";
}

}  // namespace duka::mpesa
