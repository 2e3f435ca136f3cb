#include "logging/json_formatter.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>

#include <array>

#include "logging/log_context.hpp"

namespace duka::host {

namespace {

const char* levelName(Poco::Message::Priority priority) {
  static constexpr std::array<const char*, 9> kNames{
      "", "fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"};
  const auto index = static_cast<std::size_t>(priority);
  return index < kNames.size() ? kNames[index] : "information";
}

// utf8Length is the length of the well-formed UTF-8 sequence at text[i], 0 when there is
// none (a stray continuation byte, an overlong form, a surrogate, or a cut-off sequence).
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
    return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
      return 0;
  }
  return length;
}

void appendField(std::string& out, const char* name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  appendJsonString(out, value);
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8Length(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

void JsonFormatter::format(const Poco::Message& message, std::string& text) {
  text += "{\"time\":\"";
  text += Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
  text += "\",\"level\":\"";
  text += levelName(message.getPriority());
  text += '"';
  appendField(text, "logger", message.getSource());
  appendField(text, "message", message.getText());
  const std::string& requestId =
      message.has("request_id") ? message.get("request_id") : currentRequestId();
  if (!requestId.empty())
    appendField(text, "request_id", requestId);
  for (const char* name : {"method", "route", "path", "client"}) {
    if (message.has(name))
      appendField(text, name, message.get(name));
  }
  // Numbers the access log wrote as decimal text.
  for (const char* name : {"status", "duration_ms", "bytes"}) {
    if (message.has(name)) {
      text += ",\"";
      text += name;
      text += "\":";
      text += message.get(name);
    }
  }
  text += '}';
}

}  // namespace duka::host
