// duka/detail/column_reads.hpp: how Rows<T> reads a column into each member type it binds.
// Not API: included by duka/rows.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "duka/sql.hpp"

namespace duka::detail {

inline void readColumn(const SqlRow& row, int at, std::int64_t& out) {
  out = row.integer(at);
}
inline void readColumn(const SqlRow& row, int at, std::optional<std::int64_t>& out) {
  out = row.isNull(at) ? std::nullopt : std::optional<std::int64_t>(row.integer(at));
}
inline void readColumn(const SqlRow& row, int at, std::string& out) {
  out = row.text(at);
}
inline void readColumn(const SqlRow& row, int at, bool& out) {
  out = row.integer(at) != 0;
}

}  // namespace duka::detail
