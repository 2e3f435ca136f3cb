#include "phone_number.hpp"

namespace duka::customers {

std::optional<std::string> normalisePhoneNumber(const std::string& text,
                                                const std::string& defaultCountryCode) {
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c == '+' && digits.empty() && !plus)
      plus = true;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
      return std::nullopt;
  }
  if (!plus && !digits.empty() && digits[0] == '0') {
    std::size_t zeros = 0;
    while (zeros < digits.size() && digits[zeros] == '0')
      ++zeros;
    if (zeros > 1)
      return std::nullopt;  // "00..." international prefixes are not guessed at
    digits = defaultCountryCode + digits.substr(1);
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0')
    return std::nullopt;
  return "+" + digits;
}

}  // namespace duka::customers
