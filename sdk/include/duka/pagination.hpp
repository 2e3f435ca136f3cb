// duka/pagination.hpp: the one list format: ?limit= (default 50, at most 200) and ?offset=,
// answered as {"count", "next", "previous", "results"}, and the one way to read a page.
#pragma once

#include "duka/http.hpp"
#include "duka/sql.hpp"

namespace duka {

struct Page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;
  static constexpr std::int64_t kDefaultLimit = 50;
  static constexpr std::int64_t kMaxLimit = 200;

  // of reads ?limit= and ?offset=; a value out of range is a 400 naming the parameter.
  static Page of(const Request& request);
  // answer is the list's 200 around results (a JSON array's text); next and previous are
  // absolute URLs keeping the request's other parameters, or null.
  Response answer(const Request& request, std::int64_t count, const std::string& results) const;
};

// Listing is one page of a list and the number of rows in the whole list.
template <class T>
struct Listing {
  std::int64_t count = 0;
  std::vector<T> results;
};

// PagedQuery is a list's SQL: the SELECT list, "FROM ... WHERE ..." with its values bound to
// $1..$n, and the ORDER BY that keeps pages stable.
struct PagedQuery {
  std::string columns, from, orderBy;
  std::vector<SqlValue> values{};
};

// readPage calls onRow for the page's rows (each has one more column after the SELECT list)
// and returns the count of the whole list; fetchPage collects readRow(row) into a Listing.
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
