// duka/fields.hpp: a field's rules, the ways input fills an entity, and JsonBody, which
// collects what was wrong with a body: the shape's findings, then the handler's own.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "duka/http.hpp"

namespace duka {

// FieldRules are a field's limits and documentation; text lengths count code points.
struct FieldRules {
  std::string description{};
  bool required = false;  // input: given and not null (Create, Replace)
  bool nullable = false;  // null is a value: std::optional, or text where "" is null
  bool readOnly = false;  // answered, never read from input
  bool money = false;     // integer minor units shown as "12.50"
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::size_t minLength = 1, maxLength = 255;  // text
  std::size_t minItems = 0, maxItems = 1000;   // arrays
  std::vector<std::string> choices{};          // text: the values allowed
  std::string format{};                        // "date-time", "uri", "email" (checked)
  Poco::Dynamic::Var defaultValue{};           // for an absent field on Create and Replace
};

// Input: Create and Replace (PUT) need the required fields and default absent ones; Patch
// changes what is sent and nothing else.
enum class Input { Create, Replace, Patch };

// JsonBody collects the errors of reading a body: a shape's, then the caller's own checks;
// finish() throws 400 when a field had the wrong type, else 422 when a rule was broken.
class JsonBody {
 public:
  explicit JsonBody(Poco::JSON::Object::Ptr object);
  explicit JsonBody(const Request& request);
  bool has(const std::string& field) const;  // present and not null
  void typeError(const std::string& field, const std::string& message);
  void ruleError(const std::string& field, const std::string& message);
  bool ok() const { return typeErrors_.empty() && ruleErrors_.empty(); }
  void finish() const;

 private:
  friend struct JsonReads;  // the typed reads shapes make (the SDK's own)
  Poco::JSON::Object::Ptr object_;
  FieldErrors typeErrors_, ruleErrors_;
};

}  // namespace duka
