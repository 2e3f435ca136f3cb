#include "logging/escaping_formatter.hpp"

#include <Poco/Message.h>

#include <algorithm>

namespace duka::host {

namespace {

bool isControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

std::string escapeControls(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string escaped;
  escaped.reserve(text.size() + 16);
  for (char c : text) {
    if (!isControl(c)) {
      escaped += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    escaped += "\\x";
    escaped += hex[byte >> 4];
    escaped += hex[byte & 0xf];
  }
  return escaped;
}

void EscapingFormatter::format(const Poco::Message& message, std::string& text) {
  const std::string& original = message.getText();
  if (std::none_of(original.begin(), original.end(), isControl)) {
    Poco::PatternFormatter::format(message, text);
    return;
  }
  Poco::Message escaped(message);
  escaped.setText(escapeControls(original));
  Poco::PatternFormatter::format(escaped, text);
}

}  // namespace duka::host
