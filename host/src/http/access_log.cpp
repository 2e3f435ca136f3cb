#include "http/access_log.hpp"

#include <Poco/Logger.h>

#include <charconv>
#include <string>

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
  access.information(line);
}

}  // namespace duka::host
