// Response construction (toJson is in json_text.cpp).
#include "duka/http.hpp"

namespace duka {

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
