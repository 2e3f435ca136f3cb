#include "http/dispatch/json_request_body.hpp"

#include <Poco/JSON/Parser.h>

#include <duka/http.hpp>

#include "http/dispatch/json_integers.hpp"

namespace duka::host {

Poco::JSON::Object::Ptr parseJsonBody(const std::string& body) {
  if (const auto problem = integerOutOfRange(body))
    throw badRequest(*problem);
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {
    throw badRequest("The body is not valid JSON.");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    return nullptr;
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace duka::host
