// Africa's Talking's callbacks: a form body (delivery reports, inbound SMS, USSD) read as
// the SDK's formBody reads it, and an inbound message's text read as an SMS command.
#include <cstdint>
#include <duka/facility/form_body.hpp>

#include "fuzz_request.hpp"
#include "sms_commands.hpp"

using namespace duka;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::FuzzRequest request;
  request.headers["content-type"] = "application/x-www-form-urlencoded";
  request.bodyText = text;
  try {
    const auto fields = formBody(request);
    if (fields->has("text"))
      sms::commandOf(fields->getValue<std::string>("text"));
  } catch (const HttpError&) {
  }
  sms::commandOf(text);
  return 0;
}
