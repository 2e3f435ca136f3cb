// Money: decimal strings with two places <-> integer minor units.
#include "duka/facility/money.hpp"

namespace duka {

std::optional<std::int64_t> parseMoney(const std::string& text) {
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > kMaxMoneyMinor / 100)
      return std::nullopt;
  }
  if (i == 0)
    return std::nullopt;  // no digit before the point
  std::int64_t cents = 0;
  if (i < text.size()) {
    if (text[i] != '.')
      return std::nullopt;
    const std::size_t decimals = text.size() - i - 1;
    if (decimals == 0 || decimals > 2)
      return std::nullopt;
    for (std::size_t j = i + 1; j < text.size(); ++j) {
      if (text[j] < '0' || text[j] > '9')
        return std::nullopt;
      cents = cents * 10 + (text[j] - '0');
    }
    if (decimals == 1)
      cents *= 10;
  }
  const std::int64_t minor = whole * 100 + cents;
  if (minor > kMaxMoneyMinor)
    return std::nullopt;
  return minor;
}

std::string formatMoney(std::int64_t minor) {
  const bool negative = minor < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1 : static_cast<std::uint64_t>(minor);
  // Appended piece by piece: GCC 12's -Wrestrict misreads a chain of operator+ here.
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / 100);
  const unsigned cents = static_cast<unsigned>(magnitude % 100);
  text += '.';
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return text;
}

}  // namespace duka
