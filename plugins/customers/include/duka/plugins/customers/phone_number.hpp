// duka/plugins/customers/phone_number.hpp: a phone number as people type it
// ("0712 345 678", "254-712...", "+254 712 345678") in E.164 ("+254712345678"). The one
// rule every plugin uses (customers stores it; mpesa and the SMS channels compare with it).
#pragma once

#include <optional>
#include <string>

namespace duka::customers {

// normalisePhoneNumber drops spaces, dashes, dots and parentheses; a number starting with
// one "0" is local and takes the default country code in place of the 0; "+" is added to
// the rest. Nothing when the result is not "+" and 8 to 15 digits.
inline std::optional<std::string> normalisePhoneNumber(const std::string& text,
                                                       const std::string& defaultCountryCode) {
  std::string digits;
  bool plus = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c == '+' && digits.empty() && !plus)
      plus = true;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
      return std::nullopt;
  }
  if (!plus && digits.starts_with("0")) {
    if (digits.starts_with("00"))
      return std::nullopt;  // "00..." international prefixes are not guessed at
    digits = defaultCountryCode + digits.substr(1);
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0')
    return std::nullopt;
  return "+" + digits;
}

}  // namespace duka::customers
