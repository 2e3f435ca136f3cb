#include "http/dispatch/request_head.hpp"

#include <Poco/Ascii.h>

#include <algorithm>

namespace duka::host {

bool sameFieldName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return Poco::Ascii::toLower(x) == Poco::Ascii::toLower(y);
         });
}

const std::string* RequestHead::field(std::string_view name) const {
  for (const auto& [fieldName, value] : fields) {
    if (sameFieldName(fieldName, name))
      return &value;
  }
  return nullptr;
}

std::string RequestHead::allValues(std::string_view name) const {
  std::string joined;
  for (const auto& [fieldName, value] : fields) {
    if (!sameFieldName(fieldName, name))
      continue;
    if (!joined.empty())
      joined += ", ";
    joined += value;
  }
  return joined;
}

}  // namespace duka::host
