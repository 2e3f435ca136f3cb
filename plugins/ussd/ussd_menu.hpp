// UssdMenu: the answer to one USSD request (SPEC 12), a function of the caller's number, the
// session's input so far and what the shop holds now. No state is kept between requests:
// the input's steps are replayed from the first screen, each one a move between small
// screen values ("0" back one screen, "00" to the main menu, anything that fits no option
// "Invalid choice." and the same screen again). Every answer starts with "CON " (more input)
// or "END ", holds GSM 03.38 characters only and is at most 182 characters: a list longer
// than that shows fewer lines and "98 More".
#pragma once

#include <cstddef>
#include <string>

#include "shop_counter.hpp"
#include "ussd_settings.hpp"

namespace duka::ussd {

inline constexpr std::size_t kMaxAnswer = 182;

// UssdCall is one request from Africa's Talking: the session, the caller's number in E.164
// and every input of the session so far joined by "*" ("" first).
struct UssdCall {
  std::string sessionId;
  std::string phone;
  std::string text;
};

class UssdMenu {
 public:
  UssdMenu(const UssdSettings& settings, ShopCounter& counter)
      : settings_(settings), counter_(counter) {}

  // answer is the body to send back; the ShopCounter's errors other than a refused order
  // (the database away) reach the caller.
  std::string answer(const UssdCall& call) const;

 private:
  const UssdSettings& settings_;
  ShopCounter& counter_;
};

}  // namespace duka::ussd
