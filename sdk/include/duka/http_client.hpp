// duka/http_client.hpp: outbound HTTP(S) for plugins that call other services (an OpenID
// provider, an SMS gateway): HTTPS verified against the system's CA store with the host
// name checked, a timeout on every call, and a bound on what is read.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace duka {

struct HttpReply {
  int status = 0;
  std::string contentType;
  std::string body;
};

using HttpFields = std::vector<std::pair<std::string, std::string>>;

// HttpCallError is a call that got no HTTP answer: refused, reset, timed out, a certificate
// refused, or an answer larger than the client reads. The message names the method and the
// URL without its query string, never a header or a form field.
class HttpCallError : public std::runtime_error {
 public:
  HttpCallError(const std::string& message, bool timedOut)
      : std::runtime_error(message), timedOut_(timedOut) {}
  bool timedOut() const { return timedOut_; }

 private:
  bool timedOut_;
};

// HttpClient makes one request per call on a fresh connection; it is thread-safe.
class HttpClient {
 public:
  // timeout bounds connecting, and each wait for the peer while sending and reading.
  explicit HttpClient(std::chrono::milliseconds timeout, std::string userAgent = "duka");

  // get and postForm throw HttpCallError when no answer came. headers are sent as given
  // (e.g. {"apiKey", key}); every request sends Accept: application/json unless headers
  // name another.
  HttpReply get(const std::string& url, const HttpFields& headers = {}) const;
  // postForm sends fields as application/x-www-form-urlencoded.
  HttpReply postForm(const std::string& url, const HttpFields& fields,
                     const HttpFields& headers = {}) const;
  // post sends body as it is, with its content type (JSON by default).
  HttpReply post(const std::string& url, const std::string& body,
                 const std::string& contentType = "application/json",
                 const HttpFields& headers = {}) const;

 private:
  HttpReply send(const std::string& method, const std::string& url, const std::string& body,
                 const std::string& contentType, const HttpFields& headers) const;

  std::chrono::milliseconds timeout_;
  std::string userAgent_;
  Poco::Net::Context::Ptr tls_;
};

// rejectUntrustedCertificates makes a certificate that fails verification an error for
// every TLS client in the process, never a question: Poco's default handler would prompt on
// the console (and read standard input on whichever thread connects). duka calls it at
// start, and every HttpClient on construction; a test process of your own may call it too.
void rejectUntrustedCertificates();

// isSecureServiceUrl tells whether url may be used to reach another service: an https URL
// with a host, or plain http to a loopback host (127.0.0.1, localhost, ::1: test fakes).
bool isSecureServiceUrl(const std::string& url);

// formEncode encodes one application/x-www-form-urlencoded component.
std::string formEncode(const std::string& text);

// basicAuthorization is an Authorization header value: "Basic base64(user:password)",
// each part form-encoded first when formEncoded (RFC 6749 2.3.1 asks it of OAuth clients).
std::string basicAuthorization(const std::string& user, const std::string& password,
                               bool formEncoded = false);

}  // namespace duka
