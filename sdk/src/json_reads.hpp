// JsonReads: the typed reads of a JSON body's fields that shapes make, each recording its
// error in the body: a wrong type (400), a broken rule (422).
#pragma once

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <optional>
#include <string>

#include "duka/shape.hpp"

namespace duka {

struct JsonReads {
  // Text is measured in Unicode code points; surrounding blanks are kept.
  static std::optional<std::string> string(JsonBody& body, const std::string& field, bool required,
                                           std::size_t minLength, std::size_t maxLength);
  static std::optional<std::int64_t> integer(JsonBody& body, const std::string& field,
                                             bool required, std::int64_t min, std::int64_t max);
  static std::optional<bool> boolean(JsonBody& body, const std::string& field, bool required);
  static Poco::JSON::Array::Ptr array(JsonBody& body, const std::string& field, bool required,
                                      std::size_t minItems, std::size_t maxItems);
  // present tells whether field has a non-null value, recording "required" when it must.
  static bool present(JsonBody& body, const std::string& field, bool required);
  // The body's own parts, for reading nested objects and merging their errors.
  static const Poco::JSON::Object::Ptr& object(const JsonBody& body) { return body.object_; }
  static const FieldErrors& typeErrors(const JsonBody& body) { return body.typeErrors_; }
  static const FieldErrors& ruleErrors(const JsonBody& body) { return body.ruleErrors_; }
};

}  // namespace duka
