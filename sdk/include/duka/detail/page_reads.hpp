// duka/detail/page_reads.hpp: the statement behind Page::read. Not API: included by
// duka/facility/pagination.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "duka/sql.hpp"

namespace duka::detail {

// readPage runs "SELECT <columns>, COUNT(*) OVER () FROM <from> ORDER BY <orderBy> LIMIT
// OFFSET" with values bound to $1..$n, calls onRow for each row and returns the count of
// every match (a second statement only for a page past the end).
std::int64_t readPage(SqlSession& session, const std::string& columns, const std::string& from,
                      const std::string& orderBy, std::span<const SqlValue> values,
                      std::int64_t limit, std::int64_t offset, SqlRowCallback onRow);

}  // namespace duka::detail
