// duka/http.hpp: what a route handler sees and returns: Request, Response, and HttpError,
// the one error type that the host turns into an RFC 9457 problem+json response.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "duka/principal.hpp"

namespace duka {

// FieldErrors maps a field name to the messages about it, as in the problem's "errors".
using FieldErrors = std::map<std::string, std::vector<std::string>>;

// HttpError is an error that becomes a problem response: a status, a stable
// machine-readable type (e.g. "/problems/conflict"), a title, a detail and field errors.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string type, std::string title, std::string detail,
            FieldErrors errors = {});
  ~HttpError() override;

  int status() const { return status_; }
  const std::string& type() const { return type_; }
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  const FieldErrors& errors() const { return errors_; }
  // headers are sent with the problem (e.g. Allow on 405, WWW-Authenticate on 401).
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  HttpError& withHeader(std::string name, std::string value);

 private:
  int status_;
  std::string type_;
  std::string title_;
  std::string detail_;
  FieldErrors errors_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// The factories below name the errors of SPEC 6; handlers throw what they return.
HttpError badRequest(std::string detail, FieldErrors errors = {});
HttpError unauthorized(std::string detail = "Authentication is required.");
HttpError forbidden(std::string detail = "This needs a staff account.");
HttpError notFound(std::string detail = "Not found.");
HttpError methodNotAllowed(const std::vector<std::string>& allowed);
HttpError conflict(std::string detail, FieldErrors errors = {});
HttpError payloadTooLarge(std::size_t limit);
HttpError unsupportedMediaType(std::string detail = "The body must be application/json.");
HttpError unprocessable(std::string detail, FieldErrors errors = {});
HttpError serviceUnavailable(std::string detail);
// tooManyRequests is a 429 with Retry-After: retryAfterSeconds (at least 1).
HttpError tooManyRequests(std::string detail, long long retryAfterSeconds);

// Response is a handler's answer: status, body, content type and extra headers.
struct Response {
  int status = 200;
  std::string body;
  std::string contentType = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  // json serialises a Poco JSON value (Object, Array, or scalar) as the body.
  static Response json(int status, const Poco::Dynamic::Var& value);
  static Response noContent();
  Response& withHeader(std::string name, std::string value);
};

// problemResponse renders an HttpError as application/problem+json with the request id.
Response problemResponse(const HttpError& error, const std::string& requestId);

// toJson serialises a JSON value compactly, keeping non-ASCII text as UTF-8.
std::string toJson(const Poco::Dynamic::Var& value);

// Request is one HTTP request as a handler sees it. The host fills it; handlers read it.
class Request {
 public:
  using Params = std::vector<std::pair<std::string, std::string>>;

  Request(std::string method, std::string path, Params pathParams, Params query, Params headers,
          std::string body, std::string requestId, std::string baseUrl);
  ~Request();
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }
  const std::string& requestId() const { return requestId_; }
  // baseUrl is scheme://host[:port] for absolute links: [server] public_url, or the
  // scheme and allowed Host the client addressed us with.
  const std::string& baseUrl() const { return baseUrl_; }
  // clientAddress is the client's IP address (from a trusted proxy's X-Forwarded-For when
  // it came through one), e.g. for throttling.
  const std::string& clientAddress() const { return clientAddress_; }
  const std::string& body() const { return body_; }
  const Params& queryParams() const { return query_; }

  // pathParam returns the {name} segment of the route; it throws if the route has none.
  const std::string& pathParam(const std::string& name) const;
  // idParam reads {name} as a positive integer id; anything else is a 404.
  std::int64_t idParam(const std::string& name) const;
  std::optional<std::string> query(const std::string& name) const;
  // header looks a header up case-insensitively.
  std::optional<std::string> header(const std::string& name) const;

  // json is the body parsed as a JSON object; a missing body or another JSON type is a
  // 400. The host has already answered 400 for malformed JSON and 415 for other types.
  Poco::JSON::Object::Ptr json() const;

  // principal is who is calling, when a valid bearer token came with the request.
  const std::optional<Principal>& principal() const { return principal_; }
  // caller is the principal of an authenticated route (the host guarantees one there).
  const Principal& caller() const;
  void setPrincipal(std::optional<Principal> principal) { principal_ = std::move(principal); }
  void setParsedJson(Poco::JSON::Object::Ptr json) { json_ = std::move(json); }
  void setClientAddress(std::string address) { clientAddress_ = std::move(address); }

 private:
  std::string method_;
  std::string path_;
  Params pathParams_;
  Params query_;
  Params headers_;
  std::string body_;
  std::string requestId_;
  std::string baseUrl_;
  std::optional<Principal> principal_;
  Poco::JSON::Object::Ptr json_;
  std::string clientAddress_;
};

}  // namespace duka
