// JsonFormatter: `[log] format = json`: each message as one JSON object on one line, for log
// shippers:
//   {"time":"2026-11-29T08:00:00.123Z","level":"information","logger":"duka",
//    "message":"...","request_id":"..."}
// A message's named parameters (an access line's method, route, status, duration_ms,
// client, path, bytes) become fields; status, duration_ms and bytes are numbers. Text is
// escaped as JSON requires, and bytes that are not UTF-8 become U+FFFD, so a line always
// parses.
#pragma once

#include <Poco/Formatter.h>

#include <string>
#include <string_view>

namespace duka::host {

class JsonFormatter : public Poco::Formatter {
 public:
  void format(const Poco::Message& message, std::string& text) override;
};

// appendJsonString appends text as a JSON string literal, quotes included.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace duka::host
