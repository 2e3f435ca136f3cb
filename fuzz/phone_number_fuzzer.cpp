// Phone numbers as people type them: customers' E.164 rule, which every plugin shares, and
// Daraja's form of a Kenyan mobile number. A number read must read again as itself.
#include <cstdint>
#include <cstdlib>
#include <duka/plugins/customers/phone_number.hpp>

#include "daraja_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto e164 = duka::customers::normalisePhoneNumber(text, "254")) {
    if (e164->size() < 9 || e164->size() > 16 || (*e164)[0] != '+' ||
        duka::customers::normalisePhoneNumber(*e164, "254") != e164)
      std::abort();
  }
  const std::string daraja = duka::mpesa::darajaPhone(text);
  if (!daraja.empty() && (daraja.size() != 12 || daraja.rfind("254", 0) != 0))
    std::abort();
  return 0;
}
