// HttpError, its factories for the errors of SPEC 6, and their problem+json rendering.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>

#include "duka/http.hpp"
#include "host_api.hpp"

namespace duka {

HttpError::HttpError(int status, std::string type, std::string title, std::string detail,
                     FieldErrors errors)
    : std::runtime_error(detail),
      status_(status),
      type_(std::move(type)),
      title_(std::move(title)),
      detail_(std::move(detail)),
      errors_(std::move(errors)) {}

HttpError::~HttpError() = default;

HttpError& HttpError::withHeader(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
  return *this;
}

HttpError badRequest(std::string detail, FieldErrors errors) {
  return HttpError(400, "/problems/bad-request", "Bad Request", std::move(detail),
                   std::move(errors));
}

HttpError unauthorized(std::string detail) {
  HttpError error(401, "/problems/unauthorized", "Unauthorized", std::move(detail));
  error.withHeader("WWW-Authenticate", "Bearer");
  return error;
}

HttpError forbidden(std::string detail) {
  return HttpError(403, "/problems/forbidden", "Forbidden", std::move(detail));
}

HttpError notFound(std::string detail) {
  return HttpError(404, "/problems/not-found", "Not Found", std::move(detail));
}

HttpError methodNotAllowed(const std::vector<std::string>& allowed) {
  std::string allow;
  for (const auto& method : allowed) {
    if (!allow.empty())
      allow += ", ";
    allow += method;
  }
  HttpError error(405, "/problems/method-not-allowed", "Method Not Allowed",
                  "This resource answers " + allow + ".");
  error.withHeader("Allow", allow);
  return error;
}

HttpError conflict(std::string detail, FieldErrors errors) {
  return HttpError(409, "/problems/conflict", "Conflict", std::move(detail), std::move(errors));
}

HttpError payloadTooLarge(std::size_t limit) {
  return HttpError(413, "/problems/payload-too-large", "Payload Too Large",
                   "The body is larger than " + std::to_string(limit) + " bytes.");
}

HttpError unsupportedMediaType(std::string detail) {
  return HttpError(415, "/problems/unsupported-media-type", "Unsupported Media Type",
                   std::move(detail));
}

HttpError unprocessable(std::string detail, FieldErrors errors) {
  return HttpError(422, "/problems/validation", "Unprocessable Content", std::move(detail),
                   std::move(errors));
}

bool sameSecret(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size())
    return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return difference == 0;
}

HttpError serviceUnavailable(std::string detail) {
  return HttpError(503, "/problems/unavailable", "Service Unavailable", std::move(detail));
}

HttpError tooManyRequests(std::string detail, long long retryAfterSeconds) {
  return HttpError(429, "/problems/too-many-requests", "Too Many Requests", std::move(detail))
      .withHeader("Retry-After", std::to_string(std::max(1LL, retryAfterSeconds)));
}

Response problemResponse(const HttpError& error, const std::string& requestId) {
  Poco::JSON::Object::Ptr errors = new Poco::JSON::Object;
  for (const auto& [field, messages] : error.errors()) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& message : messages)
      list->add(message);
    errors->set(field, list);
  }
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("type", error.type());
  body->set("title", error.title());
  body->set("status", error.status());
  body->set("detail", error.detail());
  body->set("request_id", requestId);
  body->set("errors", errors);

  Response response = Response::json(error.status(), body);
  response.contentType = "application/problem+json; charset=utf-8";
  response.headers = error.headers();
  return response;
}

}  // namespace duka
