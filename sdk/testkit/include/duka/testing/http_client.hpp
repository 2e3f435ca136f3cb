// HttpClient: a keep-alive HTTP/1.1 client for tests, talking to 127.0.0.1:port. A connection
// idle for 3 s is replaced before the next request (duka closes idle ones after
// keepalive_timeout_s, 5 by default; a test that sets it lower uses a new client).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <map>
#include <string>

namespace duka::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const;
  // json parses the body as a JSON object (nullptr when it is not one).
  Poco::JSON::Object::Ptr json() const;
};

class HttpClient {
 public:
  explicit HttpClient(int port);

  HttpResponse get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  HttpResponse post(const std::string& path, const std::string& body,
                    const std::map<std::string, std::string>& headers = {},
                    const std::string& contentType = "application/json");
  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {},
                       const std::string& contentType = "application/json");

 private:
  Poco::Net::HTTPClientSession session_;
};

}  // namespace duka::test
