// duka/sql.hpp: the one way to run SQL, on both backends: a statement, its values in, its rows
// out, on the connection's cached prepared statement (natively on SQLite and libpq). SQL is
// written once with $1, $2, ... in order of first use; value i binds placeholder i.
//
//   tx.run("UPDATE shop_items SET stock = stock - $1 WHERE id = $2", {quantity, id});
//   db.run("SELECT name FROM shop_items WHERE id = $1", {id},
//          [&](const SqlRow& row) { name = row.text(0); });
//   std::int64_t id = tx.insert("INSERT INTO shop_items (name) VALUES ($1)", {name});
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

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

// SqlRowCallback refers to a callable taking const SqlRow& (a lambda) for one call.
class SqlRowCallback {
 public:
  SqlRowCallback() = default;
  template <class F, class = std::enable_if_t<std::is_invocable_v<F&, const SqlRow&> &&
                                              !std::is_same_v<std::decay_t<F>, SqlRowCallback>>>
  SqlRowCallback(F&& fn)  // NOLINT(google-explicit-constructor): a lambda converts implicitly
      : target_(const_cast<void*>(static_cast<const void*>(&fn))),
        call_([](void* f, const SqlRow& row) {
          (*static_cast<std::remove_reference_t<F>*>(f))(row);
        }) {}
  explicit operator bool() const { return call_ != nullptr; }
  void operator()(const SqlRow& row) const { call_(target_, row); }

 private:
  void* target_ = nullptr;
  void (*call_)(void*, const SqlRow&) = nullptr;
};

// SqlError is a statement the database refused (its own message, never the connection
// string); uncaught, a 500. DatabaseUnavailable is a database that cannot take it now (down,
// every connection busy past the wait, SQLite's lock or disk); uncaught, a 503.
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
class SqlSession;

// RowCount is what run() answers: the rows a statement read or changed. Compare or convert
// it where run() returns it (`if (tx.run(...) == 0)`); reading it waits for the statement,
// and a count nobody reads lets the host send the statement on with the next one.
class RowCount {
 public:
  RowCount(SqlSession* pending, std::uint64_t ticket, std::size_t count)
      : pending_(pending), ticket_(ticket), count_(count) {}
  RowCount(const RowCount&) = delete;
  RowCount& operator=(const RowCount&) = delete;
  operator std::size_t() const;  // NOLINT(google-explicit-constructor): a count reads as one

 private:
  SqlSession* pending_;  // the session that still owes the count, or nullptr
  std::uint64_t ticket_;
  std::size_t count_;
};

// SqlSession runs statements: a Transaction (duka/database.hpp), or the Database, which runs
// each on a connection leased for it and commits it on its own (a read).
class SqlSession {
 public:
  virtual ~SqlSession();
  virtual Backend backend() const = 0;
  // run calls onRow for each result row; it answers the rows read or changed. A failure
  // throws, at the latest when the transaction commits.
  RowCount run(std::string_view sql, std::initializer_list<SqlValue> values = {},
               SqlRowCallback onRow = {}) {
    return runStatement(sql, {values.begin(), values.size()}, onRow, nullptr);
  }

 protected:
  friend struct detail::SqlAccess;
  friend class RowCount;
  // runStatement runs sql; insertedId, when given, receives the id of the row an INSERT
  // into a table keyed by `id` wrote.
  virtual RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                                const SqlRowCallback& onRow, std::int64_t* insertedId) = 0;
  // countOf waits for a statement whose RowCount said so and answers its count.
  virtual std::size_t countOf(std::uint64_t ticket);
};

inline RowCount::operator std::size_t() const {
  return pending_ ? pending_->countOf(ticket_) : count_;
}

}  // namespace duka
