#include "daraja_messages.hpp"

#include <Poco/String.h>

#include <duka/facility/money.hpp>

#include "daraja_client.hpp"

namespace duka::mpesa {

StkCallbackMessage readStkCallback(const Poco::JSON::Object::Ptr& json) {
  StkCallbackMessage message;
  const auto body = json ? json->getObject("Body") : nullptr;
  const auto callback = body ? body->getObject("stkCallback") : nullptr;
  if (!callback)
    return message;
  message.checkoutRequestId = darajaField(callback, "CheckoutRequestID");
  message.resultCode = darajaField(callback, "ResultCode");
  message.resultDesc = darajaField(callback, "ResultDesc");
  const auto metadata = callback->getObject("CallbackMetadata");
  const auto items = metadata ? metadata->getArray("Item") : nullptr;
  for (std::size_t i = 0; items && i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    const std::string name = darajaField(item, "Name");
    if (name == "MpesaReceiptNumber")
      message.receipt = darajaField(item, "Value");
    else if (name == "Amount")
      message.amountMinor = minorOf(darajaField(item, "Value"));
  }
  return message;
}

C2bMessage readC2b(const Poco::JSON::Object::Ptr& json) {
  C2bMessage message;
  message.transId = darajaField(json, "TransID");
  message.account = darajaField(json, "BillRefNumber");
  message.shortcode = darajaField(json, "BusinessShortCode");
  message.transactionType = darajaField(json, "TransactionType");
  const std::string msisdn = darajaPhone(darajaField(json, "MSISDN"));
  message.phoneNumber = msisdn.empty() ? "" : "+" + msisdn;
  message.amountMinor = minorOf(darajaField(json, "TransAmount"));
  return message;
}

std::int64_t minorOf(const std::string& amount) {
  return parseMoney(Poco::trim(amount)).value_or(-1);
}

std::int64_t orderOfAccount(const std::string& billRefNumber) {
  std::string account = Poco::toUpper(Poco::trim(billRefNumber));
  if (account.starts_with("ORDER"))
    account = Poco::trim(account.substr(5));
  if (account.empty() || account.size() > 18 ||
      account.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  const std::int64_t id = std::stoll(account);
  return id > 0 ? id : 0;
}

}  // namespace duka::mpesa
