// ProviderHttp: the HTTP calls duka makes to the OpenID provider (discovery, JWKS, the
// token endpoint): HTTPS verified against the system's CA store (hostname included), a
// timeout on every call, and a bound on what is read.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace duka::auth {

struct HttpReply {
  int status = 0;
  std::string body;
};

class ProviderHttp {
 public:
  explicit ProviderHttp(std::chrono::seconds timeout);

  // get and postForm throw std::runtime_error naming the URL (never a secret) when the
  // provider cannot be reached, the certificate is refused or the answer is too large.
  HttpReply get(const std::string& url) const;
  // postForm sends fields form-encoded; basicUser/basicPassword, when not empty, go in an
  // Authorization: Basic header (each form-encoded first, as RFC 6749 2.3.1 asks).
  HttpReply postForm(const std::string& url,
                     const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::string& basicUser = "",
                     const std::string& basicPassword = "") const;

 private:
  HttpReply send(const std::string& method, const std::string& url, const std::string& body,
                 const std::string& authorization) const;

  std::chrono::seconds timeout_;
  Poco::Net::Context::Ptr tls_;
};

// formEncode encodes one application/x-www-form-urlencoded component.
std::string formEncode(const std::string& text);

}  // namespace duka::auth
