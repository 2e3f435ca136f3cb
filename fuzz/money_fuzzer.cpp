// Money: an amount as a client writes it ("12.50") read into minor units, and written back
// the same; Daraja's amounts (numbers or text) as mpesa reads them.
#include <cstdint>
#include <cstdlib>
#include <duka/facility/money.hpp>

#include "daraja_messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto minor = duka::parseMoney(text)) {
    if (*minor < 0 || duka::parseMoney(duka::formatMoney(*minor)) != minor)
      std::abort();  // read back, an amount must be the same amount
  }
  duka::mpesa::minorOf(text);
  return 0;
}
