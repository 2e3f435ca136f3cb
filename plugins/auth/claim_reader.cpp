#include "claim_reader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/StringTokenizer.h>

#include <chrono>
#include <cmath>

namespace duka::auth {

namespace {

// lookup follows a dotted path through nested objects; an empty Var when it breaks off.
Poco::Dynamic::Var lookup(const Poco::JSON::Object::Ptr& root, const std::string& path) {
  if (!root)
    return {};
  if (root->has(path))
    return root->get(path);  // a claim whose own name has dots
  Poco::JSON::Object::Ptr object = root;
  const Poco::StringTokenizer parts(path, ".");
  for (std::size_t i = 0; i < parts.count(); ++i) {
    if (!object || !object->has(parts[i]))
      return {};
    Poco::Dynamic::Var value = object->get(parts[i]);
    if (i + 1 == parts.count())
      return value;
    object = value.type() == typeid(Poco::JSON::Object::Ptr)
                 ? value.extract<Poco::JSON::Object::Ptr>()
                 : nullptr;
  }
  return {};
}

}  // namespace

ClaimReader::ClaimReader(Poco::JSON::Object::Ptr claims) : claims_(std::move(claims)) {}

std::string ClaimReader::string(const std::string& name) const {
  if (!claims_ || !claims_->has(name))
    return "";
  const Poco::Dynamic::Var value = claims_->get(name);
  return value.isString() ? value.extract<std::string>() : "";
}

std::optional<std::int64_t> ClaimReader::integer(const std::string& name) const {
  if (!claims_ || !claims_->has(name))
    return std::nullopt;
  const Poco::Dynamic::Var value = claims_->get(name);
  if (value.isBoolean() || !value.isNumeric())
    return std::nullopt;
  try {
    if (value.isInteger())
      return value.convert<Poco::Int64>();
    const double number = value.convert<double>();
    if (!std::isfinite(number) || number != std::floor(number) || std::fabs(number) > 9.0e15)
      return std::nullopt;
    return static_cast<std::int64_t>(number);
  } catch (const Poco::Exception&) {  // an unsigned value beyond int64
    return std::nullopt;
  }
}

std::vector<std::string> ClaimReader::strings(const std::string& name) const {
  const Poco::Dynamic::Var value = lookup(claims_, name);
  std::vector<std::string> items;
  if (value.isString()) {
    items.push_back(value.extract<std::string>());
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) {
      if (item.isString())
        items.push_back(item.extract<std::string>());
    }
  }
  return items;
}

bool ClaimReader::audienceContains(const std::string& audience) const {
  for (const auto& item : strings("aud")) {
    if (item == audience)
      return true;
  }
  return false;
}

std::size_t ClaimReader::audienceCount() const {
  return strings("aud").size();
}

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace duka::auth
