// Daraja's callbacks: the STK push's result and a C2B call, parsed from JSON as the host
// parses bodies and read as mpesa reads them (daraja_messages.hpp), the account number
// included. Whatever Daraja (or someone with the callback URL) sends, reading must not
// crash and amounts must be amounts.
#include <cstdint>
#include <cstdlib>
#include <duka/http.hpp>

#include "daraja_messages.hpp"
#include "http/dispatch/json_request_body.hpp"

using namespace duka::mpesa;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Poco::JSON::Object::Ptr json;
  try {
    json = duka::host::parseJsonBody(text);  // the host's own reading of a body
  } catch (const duka::HttpError&) {
    return 0;
  }
  if (!json)
    return 0;
  const StkCallbackMessage stk = readStkCallback(json);
  const C2bMessage c2b = readC2b(json);
  if (stk.amountMinor < -1 || c2b.amountMinor < -1)
    std::abort();
  if (orderOfAccount(c2b.account) < 0)
    std::abort();
  return 0;
}
