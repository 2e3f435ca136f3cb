#include "http/dispatch/json_integers.hpp"

#include <charconv>
#include <cstdint>

namespace duka::host {

namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isNumberChar(char c) {
  return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// kSafeDigits: a number with fewer digits always fits an int64.
constexpr std::size_t kSafeDigits = 19;

}  // namespace

std::optional<std::string> integerOutOfRange(std::string_view json) {
  bool inString = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
      continue;
    }
    if (c != '-' && !isDigit(c))
      continue;
    std::size_t end = i;
    bool whole = true;
    std::size_t digits = 0;
    while (end < json.size() && isNumberChar(json[end])) {
      whole = whole && (isDigit(json[end]) || (end == i && json[end] == '-'));
      digits += isDigit(json[end]) ? 1 : 0;
      ++end;
    }
    if (whole && digits >= kSafeDigits) {
      std::int64_t value = 0;
      const auto result = std::from_chars(json.data() + i, json.data() + end, value);
      if (result.ec == std::errc::result_out_of_range) {
        return "A whole number in the body is outside the 64-bit integer range "
               "(-9223372036854775808 to 9223372036854775807).";
      }
    }
    i = end - 1;
  }
  return std::nullopt;
}

}  // namespace duka::host
