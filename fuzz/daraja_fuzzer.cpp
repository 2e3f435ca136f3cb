// Daraja's callbacks: the STK push's result and a C2B call, parsed from JSON as the host
// parses bodies and read as mpesa reads them (daraja_messages.hpp), the account number
// included. Whatever Daraja (or someone with the callback URL) sends, reading must not
// crash and amounts must be amounts.
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <cstdlib>

#include "daraja_messages.hpp"
#include "http/dispatch/json_integers.hpp"

using namespace duka::mpesa;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (duka::host::integerOutOfRange(text))
    return 0;
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(text);
  } catch (const Poco::Exception&) {
    return 0;
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    return 0;
  const auto json = parsed.extract<Poco::JSON::Object::Ptr>();
  const StkCallbackMessage stk = readStkCallback(json);
  const C2bMessage c2b = readC2b(json);
  if (stk.amountMinor < -1 || c2b.amountMinor < -1)
    std::abort();
  if (orderOfAccount(c2b.account) < 0)
    std::abort();
  return 0;
}
