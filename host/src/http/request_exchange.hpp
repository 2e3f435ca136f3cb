// RequestExchange: serves one request whose whole head has arrived, on the worker that
// found it: checks its framing, lets Poco parse the head, reads the body within
// request_timeout_s, runs the RequestHandler, and says what becomes of the connection.
#pragma once

#include <Poco/Net/HTTPServerParams.h>

#include <chrono>
#include <cstddef>

#include "http/connection_table.hpp"
#include "http/edge_responder.hpp"
#include "http/request_handler.hpp"

namespace duka::host {

enum class AfterExchange {
  KeepAlive,  // serve the next request (what Poco read past this one is pending again)
  Linger,     // answered and closing: shut down sending, discard what still comes
  Close,      // the client is gone
};

class RequestExchange {
 public:
  RequestExchange(RequestHandler& handler, const EdgeResponder& edge, std::size_t maxBodyBytes,
                  std::chrono::seconds requestTimeout);

  // serve answers the request whose head is the first headLength pending bytes of the
  // connection. keepAlive false answers with Connection: close (the server is draining).
  AfterExchange serve(ClientConnection& connection, std::size_t headLength, bool keepAlive);

 private:
  RequestHandler& handler_;
  const EdgeResponder& edge_;
  std::size_t maxBodyBytes_;
  std::chrono::seconds requestTimeout_;
  Poco::Net::HTTPServerParams::Ptr params_;
};

}  // namespace duka::host
