// HostRequest: the lookups a handler makes on the request the host read.
#include "http/dispatch/host_request.hpp"

#include <Poco/String.h>

#include <stdexcept>

namespace duka {

const std::string& HostRequest::pathParam(const std::string& name) const {
  for (const auto& [key, value] : parts_.pathParams) {
    if (key == name)
      return value;
  }
  throw std::logic_error("the route has no path parameter {" + name + "}");
}

std::optional<std::string> HostRequest::header(const std::string& name) const {
  for (const auto& [key, value] : parts_.headers) {
    if (Poco::icompare(key, name) == 0)
      return value;
  }
  return std::nullopt;
}

Poco::JSON::Object::Ptr HostRequest::json() const {
  if (!parts_.json)
    throw badRequest("The body must be a JSON object.");
  return parts_.json;
}

}  // namespace duka
