// duka/facility/pagination.hpp: the one list format: ?limit= (default 50, at most 200) and
// ?offset=, answered as {"count", "next", "previous", "results"}, and the one way to read a page.
#pragma once

#include "duka/detail/page_reads.hpp"
#include "duka/http.hpp"
#include "duka/rows.hpp"
#include "duka/shape.hpp"

namespace duka {

// Listing is one page of a list and the number of rows in the whole list.
template <class T>
struct Listing {
  std::int64_t count = 0;
  std::vector<T> results;
};

// ListQuery is what a list reads of a table: the condition after WHERE (empty: every row)
// with its values bound to $1..$n, and the ORDER BY that keeps pages stable.
struct ListQuery {
  std::string where{};
  std::string orderBy = "id";
  std::vector<SqlValue> values{};

  // also adds a condition, joined to those before with AND, each "?" in it bound to the
  // next of `with`: `if (!status.empty()) query.also("status = ?", {status});`. A filter the
  // caller did not ask for then costs nothing, and the database can use an index for the
  // others, which "($1 = '' OR status = $1)" keeps it from.
  ListQuery& also(std::string_view condition, std::initializer_list<SqlValue> with = {});
};

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
  // read reads this page of rows' table and, in the same statement, the count of all matches
  // (counted apart from the page, so that the page itself stops at its LIMIT).
  template <class T>
  Listing<T> read(SqlSession& session, const Rows<T>& rows, const ListQuery& query) const {
    Listing<T> listing;
    listing.count = detail::readPage(
        session, rows.list(),
        query.where.empty() ? rows.table() : rows.table() + " WHERE " + query.where, query.orderBy,
        query.values, limit, offset,
        [&](const SqlRow& row) { listing.results.push_back(rows.read(row)); });
    return listing;
  }
  // answer writes listing's results with their shape.
  template <class T>
  Response answer(const Request& request, const Shape<T>& shape, const Listing<T>& listing) const {
    return answer(request, listing.count, shape.json(listing.results));
  }
};

}  // namespace duka
