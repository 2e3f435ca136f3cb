// RequestHead: a request's head as the front read it (request line, fields, whether the
// client keeps the connection) and the connection's two ends. Boost.Beast parses it once,
// strictly (RequestFraming); the handler reads it from here.
#pragma once

#include <Poco/Net/SocketAddress.h>

#include <string>
#include <string_view>

#include "duka/http.hpp"

namespace duka::host {

// sameFieldName compares field names (or tokens) as HTTP does: ASCII letters in any case.
bool sameFieldName(std::string_view a, std::string_view b);

struct RequestHead {
  std::string method;
  std::string target;                // as sent: origin-form, absolute-form or "*"
  std::string version = "HTTP/1.1";  // or "HTTP/1.0"
  NameValues fields;                 // in the order sent, names as sent, values trimmed
  bool keepAlive = true;             // the client keeps the connection (RFC 9112 §9.3)
  Poco::Net::SocketAddress client;   // the peer
  Poco::Net::SocketAddress server;   // the local end it connected to

  // field is the value of the first field of that name (any case), or nullptr.
  const std::string* field(std::string_view name) const;
  // allValues joins the values of every field of that name with ", ", in order: a list
  // sent on several lines (X-Forwarded-For: a client's own line, then a proxy's).
  std::string allValues(std::string_view name) const;
};

}  // namespace duka::host
