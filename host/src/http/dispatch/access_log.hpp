// logAccess: one line per answered request on logger http.access:
//   client "METHOD path HTTP/1.1" status body-bytes 1.234ms rid=<request id>
// The path has no query string (it may carry a secret such as a callback token). Control
// characters a client sent are escaped by the log channel, like in every other line. With
// JSON logs the fields are the message's parameters too (method, route, path, status,
// duration_ms, bytes, client, request_id).
#pragma once

#include <cstddef>
#include <string_view>

namespace duka::host {

struct AccessRecord {
  std::string_view client;
  std::string_view method;  // "-" when the request line could not be read
  std::string_view path;
  std::string_view version;
  int status = 0;
  std::size_t bytes = 0;
  double seconds = 0;
  std::string_view requestId;
  std::string_view route = "unmatched";  // the route's declared path
};

void logAccess(const AccessRecord& record);

}  // namespace duka::host
