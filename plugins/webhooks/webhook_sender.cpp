#include "webhook_sender.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <duka/facility/call_deadline.hpp>
#include <memory>

#include "address_policy.hpp"

namespace duka::webhooks {

namespace {

using Clock = std::chrono::steady_clock;

Poco::Net::Context::Ptr tlsContext() {
  // The system's CAs, and the certificate must name the URL's host (VERIFY_STRICT: Poco
  // skips the name for loopback addresses under VERIFY_RELAXED).
  static const Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_STRICT, 9, true);
  return context;
}

Poco::Timespan remaining(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
  return Poco::Timespan(std::max<std::int64_t>(left.count(), 1000));
}

// addressFor resolves host to the first address the policy allows; none when there is none.
std::optional<Poco::Net::IPAddress> addressFor(const std::string& host, bool allowPrivate,
                                               std::string& error) {
  Poco::Net::IPAddress literal;
  std::vector<Poco::Net::IPAddress> addresses;
  if (Poco::Net::IPAddress::tryParse(host, literal)) {
    addresses.push_back(literal);
  } else {
    try {
      addresses = Poco::Net::DNS::hostByName(host).addresses();
    } catch (const Poco::Exception&) {
      error = "the host does not resolve";
      return std::nullopt;
    }
  }
  for (const auto& address : addresses) {
    if (allowPrivate || isPublicAddress(address))
      return address;
  }
  error = "address not allowed";
  return std::nullopt;
}

// exchange sends the request on a connected socket and reads the answer into reply.
void exchange(Poco::Net::StreamSocket& plain, const Poco::URI& uri, const std::string& body,
              const NameValues& headers, const SendOptions& options, Clock::time_point deadline,
              SentReply& reply) {
  plain.setSendTimeout(remaining(deadline));
  plain.setReceiveTimeout(remaining(deadline));
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    // The handshake runs here, on the watched socket; the certificate must name the URL's
    // host (and SNI sends it).
    session = std::make_unique<Poco::Net::HTTPSClientSession>(
        Poco::Net::SecureStreamSocket::attach(plain, uri.getHost(), tlsContext()));
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(plain);
  }
  const std::string path = uri.getPathEtc().empty() ? std::string(1, '/') : uri.getPathEtc();
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setHost(uri.getHost(), uri.getPort());
  request.setContentType("application/json");
  request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  request.set("User-Agent", options.userAgent);
  request.setKeepAlive(false);
  for (const auto& [name, value] : headers)
    request.set(name, value);
  session->sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session->receiveResponse(response);
  reply.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response)
    reply.headers.emplace_back(Poco::toLower(name), value);
  // At most 64 KiB, and never past the deadline (its status already counts).
  char buffer[8192];
  while (reply.body.size() < kMaxAnswerBytes && Clock::now() < deadline) {
    session->socket().setReceiveTimeout(remaining(deadline));
    in.read(buffer, static_cast<std::streamsize>(
                        std::min(sizeof buffer, kMaxAnswerBytes - reply.body.size())));
    const auto got = in.gcount();
    if (got <= 0)
      break;
    reply.body.append(buffer, static_cast<std::size_t>(got));
  }
}

}  // namespace

SentReply sendWebhook(const std::string& url, const std::string& body, const NameValues& headers,
                      const SendOptions& options) {
  SentReply reply;
  const auto deadline = Clock::now() + options.timeout;
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    reply.error = "not a URL";
    return reply;
  }
  const auto address = addressFor(uri.getHost(), options.allowPrivateNetworks, reply.error);
  if (!address)
    return reply;
  Poco::Net::StreamSocket plain;
  try {
    plain.connect(Poco::Net::SocketAddress(*address, uri.getPort()), remaining(deadline));
  } catch (const Poco::TimeoutException&) {
    reply.error = "timed out";
    reply.timedOut = true;
    return reply;
  } catch (const Poco::Net::ConnectionRefusedException&) {
    reply.error = "connection refused";
    return reply;
  } catch (const Poco::Exception& e) {
    reply.error = e.name();  // the class of failure, never a header or the URL's query
    return reply;
  }
  // From here the deadline ends the exchange, however the peer paces the handshake, the head
  // or the body.
  const CallDeadline watch(plain, deadline);
  try {
    exchange(plain, uri, body, headers, options, deadline, reply);
  } catch (const Poco::Exception& e) {
    if (reply.status == 0) {
      reply.timedOut = watch.passed() || dynamic_cast<const Poco::TimeoutException*>(&e);
      reply.error = reply.timedOut ? "timed out" : e.name();
    }
  }
  if (reply.status == 0 && reply.error.empty())
    reply.error = "no answer";
  return reply;
}

}  // namespace duka::webhooks
