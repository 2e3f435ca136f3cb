// duka/json_body.hpp: typed reads of a JSON request body that collect every field's error
// before answering: a wrong type is a 400, a broken rule (missing, too long, out of range)
// a 422, each with the field named in the problem's "errors".
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

#include "duka/http.hpp"

namespace duka {

class JsonBody {
 public:
  explicit JsonBody(Poco::JSON::Object::Ptr object);
  explicit JsonBody(const Request& request);

  bool has(const std::string& field) const;
  // Strings are measured in Unicode code points; surrounding blanks are kept.
  std::optional<std::string> string(const std::string& field, bool required,
                                    std::size_t minLength = 1, std::size_t maxLength = 255);
  std::optional<std::int64_t> integer(const std::string& field, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(const std::string& field, bool required);
  Poco::JSON::Array::Ptr array(const std::string& field, bool required, std::size_t minItems,
                               std::size_t maxItems);

  // typeError and ruleError record errors found by the caller's own checks.
  void typeError(const std::string& field, const std::string& message);
  void ruleError(const std::string& field, const std::string& message);
  bool ok() const { return typeErrors_.empty() && ruleErrors_.empty(); }
  // finish throws 400 when any field had the wrong type, else 422 when a rule was broken.
  void finish() const;

 private:
  friend class ShapeSchema;  // reads nested objects and nulls, and merges their errors
  // present tells whether field has a non-null value, recording "required" when it must.
  bool present(const std::string& field, bool required);

  Poco::JSON::Object::Ptr object_;
  FieldErrors typeErrors_;
  FieldErrors ruleErrors_;
};

// isEmailAddress tells whether text has the shape of an email address: one "@" with
// something on both sides, no blanks, at most 254 characters.
bool isEmailAddress(const std::string& text);

}  // namespace duka
