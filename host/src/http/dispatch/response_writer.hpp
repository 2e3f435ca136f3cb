// writeResponse: an answer as HTTP/1.x bytes, written straight into the connection's
// output: the status line, the fields the server owns (Date, Server, X-Request-Id,
// Content-Type, Content-Length, Connection), the response's own headers and the body.
#pragma once

#include <string>
#include <string_view>

#include "duka/http.hpp"

namespace duka::host {

// AnswerFraming is what the request decides of its answer's framing.
struct AnswerFraming {
  std::string_view version = "HTTP/1.1";  // the request's: "HTTP/1.1" or "HTTP/1.0"
  bool keepAlive = true;                  // false: "Connection: close"
  bool headOnly = false;                  // HEAD: the GET's fields, no body
};

// writeResponse appends the answer to out. A header of the response's replaces an earlier
// one of the same name (the server's X-Request-Id too); one that names the framing
// (Content-Length, Transfer-Encoding, Connection) or the server's own fields (Date, Server,
// and Content-Type when the response has one) is left out, as is one with a CR or LF in it
// (logged). 204 and 304 carry neither Content-Type nor Content-Length (RFC 9110 §8.6).
void writeResponse(const Response& response, const std::string& requestId,
                   const AnswerFraming& framing, std::string& out);

}  // namespace duka::host
