// duka/pagination.hpp: the one list format of the API: ?limit= (default 50, at most 200)
// and ?offset=, answered as {"count", "next", "previous", "results"}, and the one way a
// repository reads a page (a count and the rows of the page).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

#include "duka/http.hpp"
#include "duka/sql.hpp"

namespace duka {

struct Page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;

  static constexpr std::int64_t kDefaultLimit = 50;
  static constexpr std::int64_t kMaxLimit = 200;

  // of reads ?limit= and ?offset= from the request; a value that is not a whole number
  // in range (limit 1..200, offset >= 0) is a 400 naming the parameter.
  static Page of(const Request& request);

  // answer is the list's 200 response around results (a JSON array's text): next and
  // previous are absolute URLs that keep the request's other query parameters, or null.
  Response answer(const Request& request, std::int64_t count, const std::string& results) const;
  // envelope is the same list as a JSON object.
  Poco::JSON::Object::Ptr envelope(const Request& request, std::int64_t count,
                                   Poco::JSON::Array::Ptr results) const;
};

// Listing is one page of a list and the number of rows in the whole list.
template <class T>
struct Listing {
  std::int64_t count = 0;
  std::vector<T> results;
};

// PagedQuery is a list's SQL: the SELECT list, the "FROM ... WHERE ..." with its values
// bound to $1..$n, and the ORDER BY that keeps pages stable.
struct PagedQuery {
  std::string columns;
  std::string from;
  std::string orderBy;
  std::vector<SqlValue> values{};
};

// readPage calls onRow for the rows of the page and returns how many rows the whole query
// has; the row has one more column after the SELECT list. fetchPage does the same into a
// Listing, one readRow(row) per result.
std::int64_t readPage(SqlSession& session, const PagedQuery& query, const Page& page,
                      SqlRowCallback onRow);
template <class T, class ReadRow>
Listing<T> fetchPage(SqlSession& session, const PagedQuery& query, const Page& page,
                     ReadRow readRow) {
  Listing<T> listing;
  listing.count = readPage(session, query, page,
                           [&](const SqlRow& row) { listing.results.push_back(readRow(row)); });
  return listing;
}

}  // namespace duka
