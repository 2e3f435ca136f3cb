#include "duka/facility/http_client.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>

#include "duka/facility/call_deadline.hpp"
#include "host_api.hpp"

namespace duka {

namespace {

constexpr std::size_t kMaxReplyBytes = 1 << 20;

bool hasHeader(const NameValues& headers, const std::string& name) {
  for (const auto& header : headers) {
    if (Poco::icompare(header.first, name) == 0)
      return true;
  }
  return false;
}

// clientContext: the chain is verified against the system's default CA store (loaded here),
// and the certificate must name the host. VERIFY_STRICT, because Poco skips the host name
// check for loopback addresses under VERIFY_RELAXED.
Poco::Net::Context::Ptr clientContext() {
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                Poco::Net::Context::VERIFY_STRICT, 9, true);
}

}  // namespace

void rejectUntrustedCertificates() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    // Also the default context, so that an HTTPSClientSession made without one verifies
    // the same way instead of reading Poco's configuration (whose default handler prompts).
    Poco::Net::SSLManager::instance().initializeClient(
        nullptr, new Poco::Net::RejectCertificateHandler(false), clientContext());
    // The manager is a static of Poco's library, destroyed after OpenSSL has cleaned up
    // (OpenSSL registers its cleanup when the context above initialises it): release the
    // context before that, or freeing it at exit corrupts the heap.
    std::atexit([] { Poco::Net::SSLManager::instance().shutdown(); });
  });
}

bool isSecureServiceUrl(const std::string& url) {
  try {
    const Poco::URI uri(url);
    const std::string& host = uri.getHost();
    if (host.empty())
      return false;
    if (uri.getScheme() == "https")
      return true;
    return uri.getScheme() == "http" &&
           (host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]");
  } catch (const Poco::Exception&) {
    return false;
  }
}

namespace {

// formEncode is one form-urlencoded component.
std::string formEncode(const std::string& text) {
  std::string encoded;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]~", encoded);
  return encoded;
}

}  // namespace

std::string basicAuthorization(const std::string& user, const std::string& password,
                               bool formEncoded) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  if (formEncoded)
    encoder << formEncode(user) << ':' << formEncode(password);
  else
    encoder << user << ':' << password;
  encoder.close();
  return "Basic " + out.str();
}

HttpClient::HttpClient(std::chrono::milliseconds timeout, std::string userAgent)
    : timeout_(timeout), userAgent_(std::move(userAgent)), tls_(clientContext()) {
  rejectUntrustedCertificates();
}

HttpReply HttpClient::get(const std::string& url, const NameValues& headers) const {
  return send(Poco::Net::HTTPRequest::HTTP_GET, url, "", "", headers);
}

HttpReply HttpClient::postForm(const std::string& url, const NameValues& fields,
                               const NameValues& headers) const {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty())
      body += '&';
    body += formEncode(name);
    body += '=';
    body += formEncode(value);
  }
  return send(Poco::Net::HTTPRequest::HTTP_POST, url, body, "application/x-www-form-urlencoded",
              headers);
}

HttpReply HttpClient::post(const std::string& url, const std::string& body,
                           const std::string& contentType, const NameValues& headers) const {
  return send(Poco::Net::HTTPRequest::HTTP_POST, url, body, contentType, headers);
}

HttpReply HttpClient::send(const std::string& method, const std::string& url,
                           const std::string& body, const std::string& contentType,
                           const NameValues& headers) const {
  // The URL is named in errors without its query string, which may carry a secret.
  const std::string shown = method + " " + url.substr(0, url.find('?'));
  if (!isSecureServiceUrl(url))
    throw HttpCallError(shown + ": refused: not https (plain http only to a loopback host)", false);
  try {
    const Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls_);
    else
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    const Poco::Timespan timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count());
    session->setTimeout(timeout, timeout, timeout);
    Poco::Net::HTTPRequest request(method,
                                   uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    if (!hasHeader(headers, "Accept"))
      request.set("Accept", "application/json");
    request.set("User-Agent", userAgent_);
    for (const auto& [name, value] : headers)
      request.set(name, value);
    if (method == Poco::Net::HTTPRequest::HTTP_POST) {
      request.setContentType(contentType);
      request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    const auto deadline = CallDeadline::Clock::now() + timeout_;
    std::ostream& out = session->sendRequest(request);
    // From here the socket is connected: the rest of the call (sending the body, the whole
    // answer) must end by the deadline, however slowly the peer trickles.
    const CallDeadline whole(session->socket(), deadline);
    const auto overdue = [&] { return whole.passed() || CallDeadline::Clock::now() >= deadline; };
    HttpReply reply;
    try {
      out << body;
      out.flush();
      Poco::Net::HTTPResponse response;
      std::istream& in = session->receiveResponse(response);
      reply.status = static_cast<int>(response.getStatus());
      // What Poco reads leniently is still no HTTP answer (RFC 9112): a status outside
      // 100..599, a Content-Length that is no length.
      if (reply.status < 100 || reply.status > 599)
        throw HttpCallError(
            shown + ": the answer's status " + std::to_string(reply.status) + " is no HTTP status",
            false);
      if (response.has(Poco::Net::HTTPMessage::CONTENT_LENGTH) && response.getContentLength64() < 0)
        throw HttpCallError(shown + ": the answer's Content-Length is no length", false);
      reply.contentType = response.getContentType();
      char buffer[8192];
      while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (reply.body.size() > kMaxReplyBytes)
          throw HttpCallError(shown + ": the answer is larger than 1 MiB", false);
      }
      if (overdue())
        throw Poco::TimeoutException("the whole call took too long");
      if (in.bad())
        throw HttpCallError(shown + ": the answer broke off", false);
    } catch (const Poco::Exception&) {
      if (overdue())
        throw Poco::TimeoutException("the whole call took too long");
      throw;
    }
    return reply;
  } catch (const Poco::TimeoutException&) {
    throw HttpCallError(shown + ": timed out", true);
  } catch (const Poco::Exception& e) {
    throw HttpCallError(shown + ": " + e.displayText(), false);
  }
}

}  // namespace duka
