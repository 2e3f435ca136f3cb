// RequestExchange: serves one request whose whole head has arrived, on the worker that
// found it: checks its framing, lets Poco parse the head, reads the body within
// request_timeout_s, runs the RequestHandler, and says what becomes of the connection.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>

#include <chrono>
#include <cstddef>
#include <memory>

#include "http/connection_table.hpp"
#include "http/edge_responder.hpp"
#include "http/request_handler.hpp"

namespace duka::host {

enum class AfterExchange {
  KeepAlive,  // serve the next request (what Poco read past this one is pending again)
  Linger,     // answered and closing: shut down sending, discard what still comes
  Close,      // the client is gone
};

// ExchangeSession is Poco's server session on a connection, kept while one worker serves
// the connection's requests, with its buffered read open to the body reader.
class ExchangeSession : public Poco::Net::HTTPServerSession {
 public:
  using Poco::Net::HTTPServerSession::HTTPServerSession;
  int readSome(char* buffer, int length) { return read(buffer, length); }
};

class RequestExchange {
 public:
  RequestExchange(RequestHandler& handler, const EdgeResponder& edge, std::size_t maxBodyBytes,
                  std::chrono::seconds requestTimeout);

  // session makes the session a worker serves a connection's requests with.
  std::unique_ptr<ExchangeSession> session(ClientConnection& connection) const;
  // serve answers the request whose head is the first headLength pending bytes of the
  // connection. keepAlive false answers with Connection: close (the server is draining).
  // After KeepAlive, what the session read past the request is pending again.
  AfterExchange serve(ClientConnection& connection, ExchangeSession& session,
                      std::size_t headLength, bool keepAlive);

 private:
  RequestHandler& handler_;
  const EdgeResponder& edge_;
  std::size_t maxBodyBytes_;
  std::chrono::seconds requestTimeout_;
  Poco::Net::HTTPServerParams::Ptr params_;
};

}  // namespace duka::host
