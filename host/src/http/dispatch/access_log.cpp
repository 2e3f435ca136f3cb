#include "http/dispatch/access_log.hpp"

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <charconv>
#include <string>

#include "logging/logging.hpp"

namespace duka::host {

// The line is built by hand because Poco::format's type-erased arguments cost more than the
// rest of a small request.
void logAccess(const AccessRecord& record) {
  static Poco::Logger& access = Poco::Logger::get("http.access");
  if (!access.information())
    return;
  char number[32];
  std::string line;
  line.reserve(96 + record.path.size());
  line += record.client;
  line += " \"";
  line += record.method;
  line += ' ';
  line += record.path;
  line += ' ';
  line += record.version;
  line += "\" ";
  line += std::to_string(record.status);
  line += ' ';
  line += std::to_string(record.bytes);
  line += ' ';
  const auto end = std::to_chars(number, number + sizeof number, record.seconds * 1000,
                                 std::chars_format::fixed, 3);
  line.append(number, end.ptr);
  line += "ms rid=";
  line += record.requestId;
  if (!jsonLogs()) {
    access.information(line);
    return;
  }
  Poco::Message message(access.name(), line, Poco::Message::PRIO_INFORMATION);
  message.set("method", std::string(record.method));
  message.set("route", std::string(record.route));
  message.set("path", std::string(record.path));
  message.set("status", std::to_string(record.status));
  message.set("duration_ms", std::string(number, end.ptr));
  message.set("bytes", std::to_string(record.bytes));
  message.set("client", std::string(record.client));
  message.set("request_id", std::string(record.requestId));
  access.log(message);
}

}  // namespace duka::host
