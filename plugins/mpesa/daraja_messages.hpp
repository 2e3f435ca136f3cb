// DarajaMessages: what duka reads of Daraja's callbacks (SPEC 9), from their JSON as it
// arrived: the STK push's result, and a C2B validation or confirmation. Reading never
// throws on a shape Daraja did not send (a field absent, null or of another type reads as
// ""); DarajaCallbacks decides what a missing field means.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace duka::mpesa {

struct StkCallbackMessage {
  std::string checkoutRequestId;  // "": not an STK callback
  std::string resultCode;         // "0": paid
  std::string resultDesc;
  std::string receipt;            // MpesaReceiptNumber, on success
  std::int64_t amountMinor = -1;  // Amount in minor units; -1 when absent or not an amount
};

// readStkCallback reads {"Body":{"stkCallback":{...}}}.
StkCallbackMessage readStkCallback(const Poco::JSON::Object::Ptr& json);

struct C2bMessage {
  std::string transId;            // TransID: the receipt
  std::string account;            // BillRefNumber, as typed by the customer
  std::string shortcode;          // BusinessShortCode
  std::string transactionType;    // "Pay Bill", "Buy Goods"
  std::string phoneNumber;        // MSISDN as E.164 ("+2547..."); "" when not a Kenyan mobile
  std::int64_t amountMinor = -1;  // TransAmount in minor units; -1 when not an amount
};

// readC2b reads a C2B validation or confirmation.
C2bMessage readC2b(const Poco::JSON::Object::Ptr& json);

// minorOf reads Daraja's amount (shillings: 100, "100", "100.00") as minor units; -1 if not
// an amount.
std::int64_t minorOf(const std::string& amount);

// orderOfAccount reads a C2B account number: "ORDER<id>" or "<id>" (any case, spaces
// around); 0 when it names no order.
std::int64_t orderOfAccount(const std::string& billRefNumber);

}  // namespace duka::mpesa
