// Request accessors: path parameters, query, headers, the parsed JSON body, the caller.
#include <Poco/String.h>

#include "duka/http.hpp"

namespace duka {

namespace {

const std::string* findParam(const Request::Params& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name)
      return &value;
  }
  return nullptr;
}

}  // namespace

Request::Request(std::string method, std::string path, Params pathParams, Params query,
                 Params headers, std::string body, std::string requestId, std::string baseUrl)
    : method_(std::move(method)),
      path_(std::move(path)),
      pathParams_(std::move(pathParams)),
      query_(std::move(query)),
      headers_(std::move(headers)),
      body_(std::move(body)),
      requestId_(std::move(requestId)),
      baseUrl_(std::move(baseUrl)) {}

Request::~Request() = default;

const std::string& Request::pathParam(const std::string& name) const {
  const std::string* value = findParam(pathParams_, name);
  if (!value)
    throw std::logic_error("the route has no path parameter {" + name + "}");
  return *value;
}

std::int64_t Request::idParam(const std::string& name) const {
  const std::string& text = pathParam(name);
  // Ids are positive integers of at most 18 digits, so they always fit an int64.
  if (text.empty() || text.size() > 18 || text[0] == '0')
    throw notFound();
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      throw notFound();
    id = id * 10 + (c - '0');
  }
  return id;
}

std::optional<std::string> Request::query(const std::string& name) const {
  const std::string* value = findParam(query_, name);
  if (!value)
    return std::nullopt;
  return *value;
}

std::optional<std::string> Request::header(const std::string& name) const {
  for (const auto& [key, value] : headers_) {
    if (Poco::icompare(key, name) == 0)
      return value;
  }
  return std::nullopt;
}

Poco::JSON::Object::Ptr Request::json() const {
  if (!json_)
    throw badRequest("The body must be a JSON object.");
  return json_;
}

const Principal& Request::caller() const {
  if (!principal_)
    throw unauthorized();
  return *principal_;
}

}  // namespace duka
