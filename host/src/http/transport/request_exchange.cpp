#include "http/transport/request_exchange.hpp"

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
      requestTimeout_(requestTimeout) {}

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

AfterExchange RequestExchange::serve(ClientConnection& connection, bool keepAlive) {
  BufferedSocketImpl& socket = *connection.impl;
  const std::unique_ptr<IncomingRequest> incoming = std::move(connection.incoming);
  RequestHead head = incoming->framing.takeHead();
  head.client = socket.peerAddress();
  head.server = socket.address();
  // The head is what is pending before the client's next request; the body went to framing.
  socket.dropPending(incoming->headLength);
  RequestBody body{incoming->framing.takeBody(), std::move(incoming->error)};
  const bool stays = handler_.handle(std::move(head), std::move(body), keepAlive, socket.output());
  return stays ? AfterExchange::KeepAlive : AfterExchange::Linger;
}

}  // namespace duka::host
