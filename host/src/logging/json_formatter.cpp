#include "logging/json_formatter.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>

#include <array>

#include "duka/facility/utf8.hpp"
#include "logging/log_context.hpp"

namespace duka::host {

namespace {

const char* levelName(Poco::Message::Priority priority) {
  static constexpr std::array<const char*, 9> kNames{
      "", "fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"};
  const auto index = static_cast<std::size_t>(priority);
  return index < kNames.size() ? kNames[index] : "information";
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
        continue;
      }
      // C1 controls and the line and paragraph separators, escaped like C0 controls: no
      // reader of the log takes them for a line break.
      const char32_t point = codePointAt(text, i, length);
      if (point <= 0x9F || point == 0x2028 || point == 0x2029) {
        out += "\\u";
        out += hex[(point >> 12) & 0xf];
        out += hex[(point >> 8) & 0xf];
        out += hex[(point >> 4) & 0xf];
        out += hex[point & 0xf];
      } else {
        out.append(text.substr(i, length));
      }
      i += length;
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
