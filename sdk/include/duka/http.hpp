// duka/http.hpp: what a route handler sees and returns: Request, Response, and HttpError,
// the one error type, which the host turns into an RFC 9457 problem+json response.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "duka/principal.hpp"

namespace duka {

// NameValues are ordered name-value pairs: headers, query parameters, form fields.
using NameValues = std::vector<std::pair<std::string, std::string>>;
// FieldErrors maps a field to the messages about it (the problem's "errors").
using FieldErrors = std::map<std::string, std::vector<std::string>>;

// HttpError is an answer other than success: a status, a stable type
// ("/problems/conflict"), a title, a detail, field errors and headers (Allow, Retry-After).
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
  const NameValues& headers() const { return headers_; }
  HttpError& withHeader(std::string name, std::string value);

 private:
  int status_;
  std::string type_, title_, detail_;
  FieldErrors errors_;
  NameValues headers_;
};

// The errors of SPEC 6; handlers throw what these return.
HttpError badRequest(std::string detail, FieldErrors errors = {});
HttpError unauthorized(std::string detail = "Authentication is required.");
HttpError forbidden(std::string detail = "This needs a staff account.");
HttpError notFound(std::string detail = "Not found.");
HttpError conflict(std::string detail, FieldErrors errors = {});
HttpError unsupportedMediaType(std::string detail = "The body must be application/json.");
HttpError unprocessable(std::string detail, FieldErrors errors = {});
HttpError tooManyRequests(std::string detail, long long retryAfterSeconds);
HttpError serviceUnavailable(std::string detail);

// sameSecret compares a secret given (a token in a path) with the expected one in constant time.
bool sameSecret(std::string_view given, std::string_view expected);

struct Response {
  int status = 200;
  std::string body;
  std::string contentType = "application/json; charset=utf-8";
  NameValues headers;
  static Response json(int status, const Poco::Dynamic::Var& value);  // Poco JSON as the body
  static Response noContent();
  Response& withHeader(std::string name, std::string value);
};

// toJson writes a JSON value compactly, as Poco does, keeping UTF-8 text as it is.
std::string toJson(const Poco::Dynamic::Var& value);

// Request is one HTTP request as a handler sees it; the host implements it.
class Request {
 public:
  virtual ~Request();
  virtual const std::string& method() const = 0;
  virtual const std::string& path() const = 0;
  virtual const std::string& requestId() const = 0;
  // baseUrl is scheme://host[:port] for absolute links: public_url, or what the client used.
  virtual const std::string& baseUrl() const = 0;
  // clientAddress is the client's IP (a trusted proxy's X-Forwarded-For), e.g. to throttle.
  virtual const std::string& clientAddress() const = 0;
  virtual const std::string& body() const = 0;
  virtual const NameValues& queryParams() const = 0;
  virtual const std::string& pathParam(const std::string& name) const = 0;       // else logic_error
  virtual std::optional<std::string> header(const std::string& name) const = 0;  // any case
  virtual Poco::JSON::Object::Ptr json() const = 0;  // the body's object; 400 when none
  virtual const std::optional<Principal>& principal() const = 0;
  std::int64_t idParam(const std::string& name) const;  // a positive integer, else 404
  std::optional<std::string> query(const std::string& name) const;
  const Principal& caller() const;  // the principal of an authenticated route
};

}  // namespace duka
