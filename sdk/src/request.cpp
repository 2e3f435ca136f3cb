// Request's helpers over what the host gives: a numeric id, a query parameter, the caller.
#include "duka/http.hpp"

namespace duka {

Request::~Request() = default;

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
  for (const auto& [key, value] : queryParams()) {
    if (key == name)
      return value;
  }
  return std::nullopt;
}

const Principal& Request::caller() const {
  if (!principal())
    throw unauthorized();
  return *principal();
}

}  // namespace duka
