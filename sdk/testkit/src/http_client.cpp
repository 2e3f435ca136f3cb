#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <duka/testing/http_client.hpp>

namespace duka::test {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(Poco::toLower(name));
  return it == headers.end() ? "" : it->second;
}

Poco::JSON::Object::Ptr HttpResponse::json() const {
  try {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    return nullptr;
  }
}

HttpClient::HttpClient(int port) : session_("127.0.0.1", static_cast<Poco::UInt16>(port)) {
  session_.setKeepAlive(true);
  session_.setTimeout(Poco::Timespan(30, 0));
  // A connection idle this long is replaced before the next request: duka closes one idle
  // for keepalive_timeout_s (5 by default), and a request sent on a closed connection is
  // answered by nothing. Poco's own limit (8 s) is past that.
  session_.setKeepAliveTimeout(Poco::Timespan(3, 0));
}

HttpResponse HttpClient::get(const std::string& path,
                             const std::map<std::string, std::string>& headers) {
  return request("GET", path, "", headers);
}

HttpResponse HttpClient::post(const std::string& path, const std::string& body,
                              const std::map<std::string, std::string>& headers,
                              const std::string& contentType) {
  return request("POST", path, body, headers, contentType);
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path,
                                 const std::string& body,
                                 const std::map<std::string, std::string>& headers,
                                 const std::string& contentType) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  for (const auto& [name, value] : headers)
    request.set(name, value);
  if (!body.empty()) {
    if (!contentType.empty())
      request.setContentType(contentType);
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  session_.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session_.receiveResponse(response);
  HttpResponse result;
  result.status = response.getStatus();
  for (const auto& [name, value] : response)
    result.headers[Poco::toLower(name)] = value;
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

}  // namespace duka::test
