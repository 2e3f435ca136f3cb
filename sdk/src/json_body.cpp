// JsonBody: the error collector of a body's reading, and the typed reads shapes make.
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

#include "json_reads.hpp"

namespace duka {

namespace {

// codePoints counts the Unicode code points of UTF-8 text; -1 when it is not valid UTF-8.
long codePoints(const std::string& text) {
  Poco::UTF8Encoding utf8;
  long count = 0;
  for (Poco::TextIterator it(text, utf8), end(text); it != end; ++it) {
    if (*it < 0)
      return -1;
    ++count;
  }
  return count;
}

}  // namespace

JsonBody::JsonBody(Poco::JSON::Object::Ptr object) : object_(std::move(object)) {}

JsonBody::JsonBody(const Request& request) : object_(request.json()) {}

bool JsonBody::has(const std::string& field) const {
  return object_->has(field) && !object_->get(field).isEmpty();
}

std::optional<std::string> JsonReads::string(JsonBody& body, const std::string& field,
                                             bool required, std::size_t minLength,
                                             std::size_t maxLength) {
  if (!present(body, field, required))
    return std::nullopt;
  const Poco::Dynamic::Var value = body.object_->get(field);
  if (!value.isString()) {
    body.typeError(field, "Must be a string.");
    return std::nullopt;
  }
  std::string text = value.extract<std::string>();
  const long length = codePoints(text);
  if (length < 0) {
    body.ruleError(field, "Must be valid UTF-8.");
  } else if (text.find('\0') != std::string::npos) {
    body.ruleError(field, "Must not contain NUL characters.");
  } else if (static_cast<std::size_t>(length) < minLength) {
    body.ruleError(field, minLength == 1 ? "Must not be empty."
                                         : "Must be at least " + std::to_string(minLength) +
                                               " characters long.");
  } else if (static_cast<std::size_t>(length) > maxLength) {
    body.ruleError(field, "Must be at most " + std::to_string(maxLength) + " characters long.");
  } else {
    return text;
  }
  return std::nullopt;
}

std::optional<std::int64_t> JsonReads::integer(JsonBody& body, const std::string& field,
                                               bool required, std::int64_t min, std::int64_t max) {
  if (!present(body, field, required))
    return std::nullopt;
  const Poco::Dynamic::Var value = body.object_->get(field);
  if (value.isBoolean() || !value.isInteger()) {
    body.typeError(field, "Must be an integer.");
    return std::nullopt;
  }
  // Integers beyond int64 arrive as UInt64; they are out of every range we accept.
  if (!value.isSigned() &&
      value.extract<Poco::UInt64>() >
          static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max())) {
    body.ruleError(field, "Must be at most " + std::to_string(max) + ".");
    return std::nullopt;
  }
  const std::int64_t number = value.convert<std::int64_t>();
  if (number < min) {
    body.ruleError(field, "Must be at least " + std::to_string(min) + ".");
  } else if (number > max) {
    body.ruleError(field, "Must be at most " + std::to_string(max) + ".");
  } else {
    return number;
  }
  return std::nullopt;
}

std::optional<bool> JsonReads::boolean(JsonBody& body, const std::string& field, bool required) {
  if (!present(body, field, required))
    return std::nullopt;
  const Poco::Dynamic::Var value = body.object_->get(field);
  if (!value.isBoolean()) {
    body.typeError(field, "Must be true or false.");
    return std::nullopt;
  }
  return value.extract<bool>();
}

Poco::JSON::Array::Ptr JsonReads::array(JsonBody& body, const std::string& field, bool required,
                                        std::size_t minItems, std::size_t maxItems) {
  if (!present(body, field, required))
    return nullptr;
  Poco::JSON::Array::Ptr items = body.object_->getArray(field);
  if (!items) {
    body.typeError(field, "Must be an array.");
    return nullptr;
  }
  if (items->size() < minItems) {
    body.ruleError(field, "Must have at least " + std::to_string(minItems) + " items.");
  } else if (items->size() > maxItems) {
    body.ruleError(field, "Must have at most " + std::to_string(maxItems) + " items.");
  } else {
    return items;
  }
  return nullptr;
}

bool JsonReads::present(JsonBody& body, const std::string& field, bool required) {
  if (body.has(field))
    return true;
  if (required)
    body.ruleError(field, "This field is required.");
  return false;
}

void JsonBody::typeError(const std::string& field, const std::string& message) {
  typeErrors_[field].push_back(message);
}

void JsonBody::ruleError(const std::string& field, const std::string& message) {
  ruleErrors_[field].push_back(message);
}

void JsonBody::finish() const {
  if (!typeErrors_.empty())
    throw badRequest("Some fields have the wrong type.", typeErrors_);
  if (!ruleErrors_.empty())
    throw unprocessable("Some fields are not valid.", ruleErrors_);
}

bool isEmailAddress(const std::string& text) {
  const std::size_t at = text.find('@');
  return text.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string::npos &&
         text.find_first_of(" \t\r\n") == std::string::npos;
}

}  // namespace duka
