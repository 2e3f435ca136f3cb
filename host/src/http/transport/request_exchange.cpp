#include "http/transport/request_exchange.hpp"

#include <Poco/Buffer.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Timestamp.h>

#include <memory>

#include "host_api.hpp"
#include "http/transport/request_framing.hpp"

namespace duka::host {

namespace {

// problemOf is the answer to a head refused by RequestFraming.
HttpError problemOf(const FramingProblem& problem) {
  switch (problem.status) {
    case 431:
      return headerFieldsTooLarge(problem.detail);
    case 505:
      return HttpError(505, "/problems/http-version", "HTTP Version Not Supported", problem.detail);
    default:
      return badRequest(problem.detail);
  }
}

}  // namespace

RequestExchange::RequestExchange(RequestHandler& handler, const EdgeResponder& edge,
                                 std::size_t maxBodyBytes, std::chrono::seconds requestTimeout)
    : handler_(handler),
      edge_(edge),
      maxBodyBytes_(maxBodyBytes),
      requestTimeout_(requestTimeout),
      params_(new Poco::Net::HTTPServerParams) {
  params_->setKeepAlive(true);
  params_->setServerName("duka");
  params_->setTimeout(Poco::Timespan(requestTimeout.count(), 0));
}

void RequestExchange::setLimits(std::size_t maxBodyBytes, std::chrono::seconds requestTimeout) {
  maxBodyBytes_.store(maxBodyBytes, std::memory_order_relaxed);
  requestTimeout_.store(requestTimeout, std::memory_order_relaxed);
}

bool RequestExchange::begin(ClientConnection& connection, std::size_t headLength) const {
  BufferedSocketImpl& socket = *connection.impl;
  const std::size_t maxBodyBytes = maxBodyBytes_.load(std::memory_order_relaxed);
  auto incoming = std::make_unique<IncomingRequest>(maxBodyBytes);
  const std::string_view head = socket.pending().substr(0, headLength);
  if (const auto problem = incoming->framing.checkHead(head)) {
    edge_.answer(socket, problemOf(*problem), head);
    return false;
  }
  incoming->headLength = headLength;
  incoming->deadline =
      IncomingRequest::Clock::now() + requestTimeout_.load(std::memory_order_relaxed);
  // A declared length past the limit is refused before a byte of the body is read.
  const auto length = incoming->framing.contentLength();
  if (length && *length > maxBodyBytes)
    incoming->error = payloadTooLarge(maxBodyBytes);
  connection.incoming = std::move(incoming);
  return true;
}

bool RequestExchange::take(ClientConnection& connection) const {
  IncomingRequest& incoming = *connection.incoming;
  if (incoming.error || !incoming.framing.hasBody())
    return true;
  BufferedSocketImpl& socket = *connection.impl;
  try {
    const std::size_t used =
        incoming.framing.feedBody(socket.pending().substr(incoming.headLength));
    socket.erasePending(incoming.headLength, used);
  } catch (const HttpError& error) {
    incoming.error = error;
    return true;
  }
  if (!incoming.framing.hasBody())
    return true;
  if (incoming.framing.expectsContinue() && !incoming.continueSent) {
    socket.queue("HTTP/1.1 100 Continue\r\n\r\n");
    incoming.continueSent = true;
  }
  return false;
}

void RequestExchange::endOfStream(ClientConnection& connection) {
  connection.incoming->error = badRequest("The request body ended before its declared end.");
}

std::unique_ptr<ExchangeSession> RequestExchange::session(ClientConnection& connection) const {
  return std::make_unique<ExchangeSession>(connection.socket, params_);
}

AfterExchange RequestExchange::serve(ClientConnection& connection, ExchangeSession& session,
                                     bool keepAlive) {
  BufferedSocketImpl& socket = *connection.impl;
  const std::unique_ptr<IncomingRequest> incoming = std::move(connection.incoming);
  RequestBody body{incoming->framing.takeBody(), std::move(incoming->error)};
  // The head is what is pending now; Poco's reads never go further than what is pending.
  Poco::Net::HTTPServerResponseImpl response(session);
  std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
  try {
    request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, params_);
  } catch (const Poco::Exception&) {
    // A head Beast accepted and Poco did not (e.g. a method over Poco's 32 bytes). Poco has
    // read it out of the buffer by now, so the log shows no request line.
    edge_.answer(socket, badRequest("The request head is malformed."), "");
    return AfterExchange::Linger;
  }
  response.setDate(Poco::Timestamp());
  response.setVersion(request->getVersion());
  response.setKeepAlive(keepAlive && request->getKeepAlive());
  response.set("Server", "duka");

  handler_.handle(*request, response, std::move(body));
  if (!response.getKeepAlive() || session.networkException())
    return AfterExchange::Linger;
  Poco::Buffer<char> readAhead(0);
  session.drainBuffer(readAhead);
  socket.unread(std::string_view(readAhead.begin(), readAhead.size()));
  return AfterExchange::KeepAlive;
}

}  // namespace duka::host
