#include "logging/escaping_formatter.hpp"

#include <Poco/Message.h>

#include <algorithm>

#include "duka/facility/utf8.hpp"

namespace duka::host {

namespace {

// plain: a byte that needs no escaping (printable ASCII).
bool plain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7f;
}

}  // namespace

std::string escapeControls(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string escaped;
  escaped.reserve(text.size() + 16);
  const auto escapeByte = [&](unsigned char byte) {
    escaped += "\\x";
    escaped += hex[byte >> 4];
    escaped += hex[byte & 0xf];
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (plain(text[i])) {
      escaped += text[i++];
      continue;
    }
    if (byte < 0x80) {  // C0 controls and DEL
      escapeByte(byte);
      ++i;
      continue;
    }
    const std::size_t length = utf8Length(text, i);
    if (length == 0) {  // not UTF-8: the byte, escaped
      escapeByte(byte);
      ++i;
      continue;
    }
    const char32_t point = codePointAt(text, i, length);
    if (point <= 0x9F || point == 0x2028 || point == 0x2029) {
      // C1 controls and the line and paragraph separators.
      escaped += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4)
        escaped += hex[(point >> shift) & 0xf];
    } else {
      escaped.append(text.substr(i, length));
    }
    i += length;
  }
  return escaped;
}

void EscapingFormatter::format(const Poco::Message& message, std::string& text) {
  const std::string& original = message.getText();
  if (std::all_of(original.begin(), original.end(), plain)) {
    Poco::PatternFormatter::format(message, text);
    return;
  }
  Poco::Message escaped(message);
  escaped.setText(escapeControls(original));
  Poco::PatternFormatter::format(escaped, text);
}

}  // namespace duka::host
