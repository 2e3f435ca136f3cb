// Response construction and JSON serialisation.
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "duka/http.hpp"

namespace duka {

std::string toJson(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  // Without JSON_ESCAPE_UNICODE, non-ASCII text stays UTF-8; control characters, quotes
  // and backslashes are still escaped.
  Poco::JSON::Stringifier::condense(value, out, Poco::JSON_WRAP_STRINGS);
  return out.str();
}

Response Response::json(int status, const Poco::Dynamic::Var& value) {
  Response response;
  response.status = status;
  response.body = toJson(value);
  return response;
}

Response Response::noContent() {
  Response response;
  response.status = 204;
  response.contentType.clear();
  return response;
}

Response& Response::withHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace duka
