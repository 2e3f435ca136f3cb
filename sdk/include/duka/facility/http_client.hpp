// duka/facility/http_client.hpp: outbound HTTP(S) to other services (an OpenID provider, an SMS
// gateway): certificates checked against the system's CAs, a timeout on the connect and on
// the whole exchange after it (however slowly the peer answers), and a bound on what is read.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>

#include "duka/http.hpp"

namespace duka {

struct HttpReply {
  int status = 0;
  std::string contentType, body;
};

// HttpCallError is a call without an HTTP answer (refused, timed out, a refused certificate,
// too large); its message names the method and URL without the query, never a header.
class HttpCallError : public std::runtime_error {
 public:
  HttpCallError(const std::string& message, bool timedOut)
      : std::runtime_error(message), timedOut_(timedOut) {}
  bool timedOut() const { return timedOut_; }

 private:
  bool timedOut_;
};

// HttpClient makes one request per call on a fresh connection; thread-safe. Every request
// sends Accept: application/json unless headers name another; each throws HttpCallError.
class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout, std::string userAgent = "duka");
  // withTimeout is this client with another timeout (its TLS context shared): a call that
  // is given its time, as an SMS provider's send is.
  HttpClient withTimeout(std::chrono::milliseconds timeout) const {
    HttpClient other = *this;
    other.timeout_ = timeout;
    return other;
  }
  HttpReply get(const std::string& url, const NameValues& headers = {}) const;
  HttpReply postForm(const std::string& url, const NameValues& fields,  // form-urlencoded
                     const NameValues& headers = {}) const;
  HttpReply post(const std::string& url, const std::string& body,
                 const std::string& contentType = "application/json",
                 const NameValues& headers = {}) const;

 private:
  HttpReply send(const std::string& method, const std::string& url, const std::string& body,
                 const std::string& contentType, const NameValues& headers) const;
  std::chrono::milliseconds timeout_;
  std::string userAgent_;
  Poco::Net::Context::Ptr tls_;
};

// isSecureServiceUrl: https with a host, or plain http to a loopback host (test fakes).
bool isSecureServiceUrl(const std::string& url);
// basicAuthorization is "Basic base64(user:password)", parts form-encoded first when asked
// (RFC 6749 2.3.1).
std::string basicAuthorization(const std::string& user, const std::string& password,
                               bool formEncoded = false);

}  // namespace duka
