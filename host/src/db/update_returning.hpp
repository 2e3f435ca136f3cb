// UpdateReturning: an `UPDATE ... RETURNING` run on SQLite as the UPDATE alone, then a
// SELECT of the listed columns for each row it changed (found by rowid). SQLite runs a
// RETURNING clause as a trigger program that fills a temporary table on every run, which
// cost the order's stock reservation three times what the UPDATE and the SELECT cost
// (docs/design/order-write-cost.md). Plugins write the one statement on both backends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duka::host {

struct UpdateReturning {
  std::string table;   // as written after UPDATE [OR ...]
  std::string update;  // the statement up to RETURNING, with the same parameters
  std::string select;  // SELECT <the RETURNING list> FROM <table> WHERE rowid = ?1
};

// splitUpdateReturning splits `UPDATE [OR action] table SET ... RETURNING list`, where the
// table is a plain name and the list reads the row alone: names, literals, operators and
// COALESCE, IFNULL, NULLIF, LOWER, UPPER, LENGTH or ABS. Anything else (a table's alias or
// schema, a quoted table name, a WITH clause; in the list parameters, subqueries, comments or
// other functions) gives nothing, and the statement runs as written.
std::optional<UpdateReturning> splitUpdateReturning(std::string_view sql);

// startsWithWord tells whether sql's first word is keyword (upper case), in any case.
bool startsWithWord(std::string_view sql, std::string_view keyword);

}  // namespace duka::host
