// duka/sql.hpp: the one way to run SQL, on both backends: a statement, its values in, its rows
// out, on the connection's cached prepared statement (natively on SQLite and libpq). SQL is
// written once with $1, $2, ... in order of first use; value i binds placeholder i.
//
//   tx.run("UPDATE shop_items SET stock = stock - $1 WHERE id = $2", {quantity, id});
//   session->run("SELECT name FROM shop_items WHERE id = $1", {id},
//                [&](const SqlRow& row) { name = row.text(0); });
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

// SqlSession runs statements: a Transaction, or a connection leased for reads.
class SqlSession {
 public:
  virtual ~SqlSession();
  virtual Backend backend() const = 0;
  // run calls onRow for each result row; it returns the rows read or changed.
  std::size_t run(std::string_view sql, std::span<const SqlValue> values,
                  SqlRowCallback onRow = {}) {
    return runStatement(sql, values, onRow, nullptr);
  }
  std::size_t run(std::string_view sql, std::initializer_list<SqlValue> values = {},
                  SqlRowCallback onRow = {}) {
    return runStatement(sql, {values.begin(), values.size()}, onRow, nullptr);
  }
  // insert runs an INSERT (no RETURNING) into a table keyed by `id` and returns the new id.
  std::int64_t insert(std::string_view sql, std::initializer_list<SqlValue> values) {
    std::int64_t id = 0;
    runStatement(sql, {values.begin(), values.size()}, {}, &id);
    return id;
  }

 protected:
  virtual std::size_t runStatement(std::string_view sql, std::span<const SqlValue> values,
                                   const SqlRowCallback& onRow, std::int64_t* insertedId) = 0;
};

}  // namespace duka
