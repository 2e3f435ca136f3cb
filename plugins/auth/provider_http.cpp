#include "provider_http.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace duka::auth {

namespace {

constexpr std::size_t kMaxReplyBytes = 1 << 20;

std::string basicCredentials(const std::string& user, const std::string& password) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << formEncode(user) << ':' << formEncode(password);
  encoder.close();
  return "Basic " + out.str();
}

}  // namespace

std::string formEncode(const std::string& text) {
  std::string encoded;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]~", encoded);
  return encoded;
}

ProviderHttp::ProviderHttp(std::chrono::seconds timeout)
    : timeout_(timeout),
      // The chain is verified against the system's default CA store (loaded here), and the
      // certificate must name the host. VERIFY_STRICT, because Poco skips the host name
      // check for loopback addresses under VERIFY_RELAXED.
      tls_(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                  Poco::Net::Context::VERIFY_STRICT, 9, true)) {}

HttpReply ProviderHttp::get(const std::string& url) const {
  return send(Poco::Net::HTTPRequest::HTTP_GET, url, "", "");
}

HttpReply ProviderHttp::postForm(const std::string& url,
                                 const std::vector<std::pair<std::string, std::string>>& fields,
                                 const std::string& basicUser,
                                 const std::string& basicPassword) const {
  std::string body;
  for (const auto& [name, value] : fields)
    body += (body.empty() ? "" : "&") + formEncode(name) + "=" + formEncode(value);
  return send(Poco::Net::HTTPRequest::HTTP_POST, url, body,
              basicUser.empty() ? "" : basicCredentials(basicUser, basicPassword));
}

HttpReply ProviderHttp::send(const std::string& method, const std::string& url,
                             const std::string& body, const std::string& authorization) const {
  // The URL is named in errors without its query string, which may carry a code.
  const std::string shown = url.substr(0, url.find('?'));
  try {
    const Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls_);
    else
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    session->setTimeout(Poco::Timespan(timeout_.count(), 0));
    Poco::Net::HTTPRequest request(method,
                                   uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json");
    request.set("User-Agent", "duka-auth");
    if (!authorization.empty())
      request.set("Authorization", authorization);
    if (method == Poco::Net::HTTPRequest::HTTP_POST) {
      request.setContentType("application/x-www-form-urlencoded");
      request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (reply.body.size() > kMaxReplyBytes)
        throw std::runtime_error("the answer is larger than 1 MiB");
    }
    return reply;
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(method + " " + shown + ": " + e.displayText());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(method + " " + shown + ": " + e.what());
  }
}

}  // namespace duka::auth
