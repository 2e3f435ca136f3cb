// duka/sql.hpp: the one way to run SQL, on both backends: a statement with $1, $2, ... (in
// order of first use), its values in, its rows out, prepared once per connection.
//   db.run("SELECT name FROM shop_items WHERE id = $1", {id},
//          [&](const SqlRow& row) { name = row.text(0); });
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "duka/detail/row_callback.hpp"
#include "duka/detail/row_count.hpp"  // SqlRowCallback: a lambda taking const SqlRow&

namespace duka {

enum class Backend { Sqlite, Postgresql };

// SqlValue is one bound value: NULL, an integer or text (not copied: it outlives the call).
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

// SqlRow is the current row, valid inside the row callback. Columns count from 0; NULL reads
// as 0 and ""; integer() reads PostgreSQL's booleans as 1 and 0.
class SqlRow {
 public:
  virtual int columns() const = 0;
  virtual bool isNull(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;

 protected:
  ~SqlRow() = default;
};

// SqlError is a statement the database refused; uncaught, a 500. DatabaseUnavailable is a
// database that cannot take it now (down, busy past the wait, out of disk); uncaught, a 503.
class SqlError : public std::runtime_error {
 public:
  enum class Kind { UniqueViolation, ConstraintViolation, Other };
  SqlError(Kind kind, const std::string& message);
  ~SqlError() override;
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};
class DatabaseUnavailable : public std::runtime_error {
 public:
  explicit DatabaseUnavailable(const std::string& message);
  ~DatabaseUnavailable() override;
};
// isUniqueViolation tells whether e is a unique-constraint failure (a race: answer 409).
bool isUniqueViolation(const std::exception& e);

namespace detail {
struct SqlAccess;  // the SDK's own statements with values in a span (a page's)
}

// SqlSession runs statements: a Transaction, or the Database (a read on a leased connection).
class SqlSession {
 public:
  virtual ~SqlSession();
  // run calls onRow for each result row and answers the rows read or changed (a RowCount:
  // `if (tx.run(...) == 0)`; a count nobody reads lets the host send the statement on with
  // the next one). A failure throws, at the latest when the transaction commits.
  RowCount run(std::string_view sql, std::initializer_list<SqlValue> values = {},
               SqlRowCallback onRow = {}) {
    return runStatement(sql, {values.begin(), values.size()}, onRow, nullptr);
  }
  // runValues is run() with values counted at run time (SDK 1.5), for a statement whose
  // rows are listed in it: `VALUES ($1, $2), ($3, $4), ...` stores many rows in one
  // statement where a statement per row costs each its own round (and, on SQLite, often its
  // own undo journal). Keep the row counts to a few fixed sizes: each text is prepared once.
  RowCount runValues(std::string_view sql, std::span<const SqlValue> values,
                     SqlRowCallback onRow = {}) {
    return runStatement(sql, values, onRow, nullptr);
  }

 protected:
  friend struct detail::SqlAccess;
  friend class RowCount;
  // runStatement runs sql; insertedId, when given, receives an INSERT's new `id`.
  virtual RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                                const SqlRowCallback& onRow, std::int64_t* insertedId) = 0;
  // countOf waits for a statement whose RowCount said so and answers its count.
  virtual std::size_t countOf(std::uint64_t ticket);
};

}  // namespace duka
