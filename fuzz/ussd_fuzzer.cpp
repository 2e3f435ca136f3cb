// USSD input: a session's text (the inputs joined by "*") and a caller's number, answered
// by the menu over a shop in memory with item names of every kind. Every answer must start
// with "CON " or "END ", be GSM 03.38 only and at most 182 characters.
#include <cstdint>
#include <cstdlib>
#include <duka/plugins/customers/phone_number.hpp>

#include "gsm_text.hpp"
#include "plugins/ussd/memory_counter.hpp"
#include "ussd_menu.hpp"

using namespace duka::ussd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first line is the caller's number, the rest the session's text.
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string phone =
      newline == std::string::npos ? "+254711000001" : input.substr(0, newline);
  const std::string text = newline == std::string::npos ? input : input.substr(newline + 1);
  const auto e164 = duka::customers::normalisePhoneNumber(phone, "254");
  if (!e164)
    return 0;
  UssdSettings settings;
  MemoryCounter counter;
  counter.enrol("Akinyi", "+254711000001");
  counter.addItem(1, "Sugar 2kg", 25000, 10);
  counter.addItem(2, "Unga wa ngano — 2 kg ✓", 18000, 3);
  counter.addItem(3, "Mafuta ya kupikia", 35000, 0);
  counter.addItem(4, std::string(120, 'x'), 1, 1000);
  counter.addItem(5, "Ç'est « très » bon: €5", 500, 2);
  try {
    const std::string answer = UssdMenu(settings, counter).answer({"s1", *e164, text});
    if (characters(answer) > kMaxAnswer || !isGsm(answer) ||
        (answer.rfind("CON ", 0) != 0 && answer.rfind("END ", 0) != 0))
      std::abort();
  } catch (const duka::HttpError&) {
    // What the counter refuses (not enough stock) reaches the route as a problem.
  }
  return 0;
}
