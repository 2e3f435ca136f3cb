// duka/sql.hpp: how a plugin runs SQL, one way on both backends: one statement, its values
// in, its rows out. The host runs it on the connection's cached prepared statement,
// natively on SQLite and on libpq (docs/design/postgresql-scale-out.md).
//
// SQL is written once for both backends with numbered placeholders $1, $2, ... used in
// ascending order of first appearance (native to PostgreSQL; SQLite reads them as numbered
// parameters), so value i binds placeholder i on both.
//
//   tx.run("UPDATE shop_items SET stock = stock - $1 WHERE id = $2", {quantity, id});
//   db.run("SELECT name, stock FROM shop_items WHERE id = $1", {id},
//          [&](const SqlRow& row) { name = row.text(0); stock = row.integer(1); });
//   std::int64_t id = tx.insert("INSERT INTO shop_items (name) VALUES ($1)", {name});
#pragma once

#include <cstddef>
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

const char* backendName(Backend backend);

// SqlValue is one value bound to a placeholder: NULL, an integer or text. Text is not
// copied: it must outlive the call, as the arguments of a call do.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

// SqlRow is the current result row, valid only inside the row callback. Columns count from
// 0 in the order of the SELECT list; NULL reads as 0 and "". integer() reads PostgreSQL's
// booleans as 1 and 0.
class SqlRow {
 public:
  virtual int columns() const = 0;
  virtual bool isNull(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;

 protected:
  ~SqlRow() = default;
};

// SqlRowCallback refers to a callable taking const SqlRow& (a lambda), without owning or
// copying it: it lives only for the call it is passed to.
class SqlRowCallback {
 public:
  SqlRowCallback() = default;
  template <class F,
            class = std::enable_if_t<!std::is_same_v<std::remove_cvref_t<F>, SqlRowCallback> &&
                                     std::is_invocable_v<F&, const SqlRow&>>>
  SqlRowCallback(F&& fn)  // NOLINT(google-explicit-constructor): a lambda converts implicitly
      : target_(const_cast<void*>(static_cast<const void*>(&fn))),
        call_([](void* target, const SqlRow& row) {
          (*static_cast<std::remove_reference_t<F>*>(target))(row);
        }) {}

  explicit operator bool() const { return call_ != nullptr; }
  void operator()(const SqlRow& row) const { call_(target_, row); }

 private:
  void* target_ = nullptr;
  void (*call_)(void*, const SqlRow&) = nullptr;
};

// SqlError is a statement the database refused: a constraint, a type, a syntax error. Its
// message is the database's own (never the connection string). An uncaught one is a 500.
class SqlError : public std::runtime_error {
 public:
  enum class Kind { UniqueViolation, ConstraintViolation, Other };
  SqlError(Kind kind, const std::string& message);
  ~SqlError() override;
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// DatabaseUnavailable is a database that cannot take the statement now: no connection
// (the server is down or closing), every connection busy past the wait, SQLite's lock or
// disk. The host answers a request that meets one with 503 and Retry-After.
class DatabaseUnavailable : public std::runtime_error {
 public:
  explicit DatabaseUnavailable(const std::string& message);
  ~DatabaseUnavailable() override;
};

// isUniqueViolation tells whether e is a unique-constraint failure on either backend, for
// the write that races another to the same unique value (answer 409, not 500).
bool isUniqueViolation(const std::exception& e);

// SqlSession is a connection that runs statements: a Transaction, or one leased from the
// Database for reads. The host implements it; plugins call run() and insert().
class SqlSession {
 public:
  virtual ~SqlSession();
  virtual Backend backend() const = 0;

  // run runs one statement with values bound to $1, $2, ... in order and calls onRow for
  // each result row. It returns the number of rows read (a statement with result columns)
  // or changed (INSERT, UPDATE, DELETE).
  std::size_t run(std::string_view sql, std::span<const SqlValue> values,
                  SqlRowCallback onRow = {}) {
    return runStatement(sql, values, onRow, nullptr);
  }
  std::size_t run(std::string_view sql, std::initializer_list<SqlValue> values = {},
                  SqlRowCallback onRow = {}) {
    return run(sql, std::span<const SqlValue>(values.begin(), values.size()), onRow);
  }

  // insert runs an INSERT into a table whose key column is `id`, written without
  // RETURNING, and returns the new row's id.
  std::int64_t insert(std::string_view sql, std::span<const SqlValue> values) {
    std::int64_t id = 0;
    runStatement(sql, values, {}, &id);
    return id;
  }
  std::int64_t insert(std::string_view sql, std::initializer_list<SqlValue> values) {
    return insert(sql, std::span<const SqlValue>(values.begin(), values.size()));
  }

 protected:
  // runStatement is run() and insert(): with insertedId, the statement is an INSERT whose
  // new row's id it stores there.
  virtual std::size_t runStatement(std::string_view sql, std::span<const SqlValue> values,
                                   const SqlRowCallback& onRow, std::int64_t* insertedId) = 0;
};

}  // namespace duka
