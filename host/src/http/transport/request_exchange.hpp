// RequestExchange: one request on a connection, from its whole head to its answer: checks
// and reads the head (RequestFraming), takes the body as it arrives (the front does the
// reading, without waiting), runs the RequestHandler once the request is whole, and says
// what becomes of the connection. The answer goes to the connection's output, which the
// front sends as the client reads it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

#include "http/dispatch/request_handler.hpp"
#include "http/transport/connection_table.hpp"
#include "http/transport/edge_responder.hpp"

namespace duka::host {

enum class AfterExchange {
  KeepAlive,  // serve the next request (what the client sent after this one is pending)
  Linger,     // answered and closing: shut down sending, discard what still comes
};

class RequestExchange {
 public:
  RequestExchange(RequestHandler& handler, const EdgeResponder& edge, std::size_t maxBodyBytes,
                  std::chrono::seconds requestTimeout);

  // begin starts the request whose head is the first headLength pending bytes: it checks
  // the head and makes connection.incoming. False when the head is refused: the answer
  // (400, 431, 505) is queued and the connection must linger.
  bool begin(ClientConnection& connection, std::size_t headLength) const;
  // take feeds the incoming request the body bytes pending after its head; true when the
  // request is ready to serve (its body whole, or reading it failed with an error).
  bool take(ClientConnection& connection) const;
  // endOfStream: the client stopped sending before the body's end (a 400 to serve).
  static void endOfStream(ClientConnection& connection);

  // setLimits changes max_body_bytes and request_timeout_s for requests begun from now on.
  void setLimits(std::size_t maxBodyBytes, std::chrono::seconds requestTimeout);

  // serve answers the ready incoming request into the connection's output and forgets it.
  // keepAlive false answers with Connection: close (the server is draining).
  AfterExchange serve(ClientConnection& connection, bool keepAlive);

 private:
  RequestHandler& handler_;
  const EdgeResponder& edge_;
  std::atomic<std::size_t> maxBodyBytes_;
  std::atomic<std::chrono::seconds> requestTimeout_;
};

}  // namespace duka::host
