#include "http/request_exchange.hpp"

#include <Poco/Buffer.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <memory>

#include "http/request_framing.hpp"

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

std::unique_ptr<ExchangeSession> RequestExchange::session(ClientConnection& connection) const {
  return std::make_unique<ExchangeSession>(connection.socket, params_);
}

AfterExchange RequestExchange::serve(ClientConnection& connection, ExchangeSession& session,
                                     std::size_t headLength, bool keepAlive) {
  BufferedSocketImpl& socket = *connection.impl;
  RequestFraming framing(maxBodyBytes_);
  const std::string_view head = socket.pending().substr(0, headLength);
  if (const auto problem = framing.checkHead(head)) {
    edge_.answer(socket, problemOf(*problem), head);
    return AfterExchange::Linger;
  }
  socket.setReadDeadline(BufferedSocketImpl::Clock::now() + requestTimeout_);

  Poco::Net::HTTPServerResponseImpl response(session);
  std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
  try {
    request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, params_);
  } catch (const Poco::Net::MessageException&) {
    // A head Beast accepted and Poco did not (e.g. a method over Poco's 32 bytes). Poco has
    // read it out of the buffer by now, so the log shows no request line.
    edge_.answer(socket, badRequest("The request head is malformed."), "");
    return AfterExchange::Linger;
  } catch (const Poco::Exception&) {
    return AfterExchange::Close;
  }
  response.setDate(Poco::Timestamp());
  response.setVersion(request->getVersion());
  response.setKeepAlive(keepAlive && request->getKeepAlive());
  response.set("Server", "duka");

  RequestBody body;
  std::string leftover;
  const auto length = framing.contentLength();
  if (length && *length > maxBodyBytes_) {
    body.error = payloadTooLarge(maxBodyBytes_);
  } else if (framing.hasBody()) {
    try {
      if (request->getExpectContinue())
        response.sendContinue();
      body.bytes = framing.readBody(
          [&](char* buffer, int size) { return session.readSome(buffer, size); }, leftover);
    } catch (const HttpError& error) {
      body.error = error;
    } catch (const Poco::TimeoutException&) {
      body.error = requestTimeout();
    } catch (const Poco::Exception&) {
      return AfterExchange::Close;  // the connection broke while the body arrived
    }
  }

  handler_.handle(*request, response, std::move(body));
  if (!response.getKeepAlive() || session.networkException())
    return AfterExchange::Linger;
  Poco::Buffer<char> readAhead(0);
  session.drainBuffer(readAhead);
  leftover.append(readAhead.begin(), readAhead.size());
  socket.unread(leftover);
  return AfterExchange::KeepAlive;
}

}  // namespace duka::host
