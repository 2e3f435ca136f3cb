// ClaimReader: typed, forgiving reads of a JWT's claims: a claim of the wrong type reads
// as absent, so every rule that needs it fails closed.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace duka::auth {

class ClaimReader {
 public:
  explicit ClaimReader(Poco::JSON::Object::Ptr claims);

  // string is the claim when it is a JSON string, else "".
  std::string string(const std::string& name) const;
  // integer is the claim when it is a JSON number with an integral value in int64 range.
  std::optional<std::int64_t> integer(const std::string& name) const;
  // strings is an array claim's string members, or a string claim as one item. A dotted
  // name ("realm_access.roles") reaches into nested objects.
  std::vector<std::string> strings(const std::string& name) const;
  // audienceContains reads "aud" as a string or an array of strings.
  bool audienceContains(const std::string& audience) const;
  std::size_t audienceCount() const;

 private:
  Poco::JSON::Object::Ptr claims_;
};

// unixNow is the current time in seconds since the epoch, as claims count it.
std::int64_t unixNow();

}  // namespace duka::auth
