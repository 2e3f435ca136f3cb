// duka/pagination.hpp: the one list format of the API: ?limit= (default 50, at most 200)
// and ?offset=, answered as {"count", "next", "previous", "results"}.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

#include "duka/http.hpp"

namespace duka {

struct Page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;

  static constexpr std::int64_t kDefaultLimit = 50;
  static constexpr std::int64_t kMaxLimit = 200;

  // of reads ?limit= and ?offset= from the request; a value that is not a whole number
  // in range (limit 1..200, offset >= 0) is a 400 naming the parameter.
  static Page of(const Request& request);

  // envelope wraps one page of results: next and previous are absolute URLs that keep the
  // request's other query parameters, or null at either end.
  Poco::JSON::Object::Ptr envelope(const Request& request, std::int64_t count,
                                   Poco::JSON::Array::Ptr results) const;
};

// listSchema wraps an item's JSON Schema (as text) in the list envelope's schema, for a
// list route's RouteSpec::responseSchema.
std::string listSchema(const std::string& itemSchema);

}  // namespace duka
