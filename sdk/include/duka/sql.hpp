// duka/sql.hpp: one statement with its values in and its rows out, for the statements a
// plugin runs on every request. On duka's SQLite connections it runs the connection's
// cached compiled statement directly, without the objects Poco::Data makes around each
// statement; elsewhere (PostgreSQL, a plain Poco session) it runs as a Poco::Data
// statement. The SQL is the same portable SQL as everywhere ($1, $2, ... in ascending order
// of first appearance; duka/database.hpp). Since SDK 0.5.0 (docs/design/direct-sql.md).
//
//   runSql(tx.session(), "UPDATE shop_items SET stock = stock - $1 WHERE id = $2",
//          {quantity, id});
//   runSql(session, "SELECT name, stock FROM shop_items WHERE id = $1", {id},
//          [&](const SqlRow& row) { name = row.text(0); stock = row.integer(1); });
#pragma once

#include <Poco/Data/Session.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace duka {

class Transaction;

// SqlValue is one value bound to a placeholder: NULL, an integer or text. Text is not
// copied: it must outlive the call, as the arguments of a call do.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

// SqlRow is the current result row, valid only inside the row callback. Columns count from
// 0 in the order of the SELECT list; NULL reads as 0 and "".
class SqlRow {
 public:
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

// runSql runs one statement with values bound to $1, $2, ... in order and calls onRow for
// each result row. It returns the number of rows read (a statement with result columns) or
// changed (INSERT, UPDATE, DELETE). Errors throw the backend's Poco::Data exceptions, as a
// Poco statement's do (isUniqueViolation reads them alike).
std::size_t runSql(Poco::Data::Session& session, std::string_view sql,
                   std::span<const SqlValue> values, SqlRowCallback onRow = {});
inline std::size_t runSql(Poco::Data::Session& session, std::string_view sql,
                          std::initializer_list<SqlValue> values, SqlRowCallback onRow = {}) {
  return runSql(session, sql, std::span<const SqlValue>(values.begin(), values.size()), onRow);
}

// insertSql runs an INSERT into a table whose key column is `id`, written without RETURNING,
// and returns the new row's id (as executeInsert does for a Poco statement).
std::int64_t insertSql(Transaction& tx, std::string_view sql, std::span<const SqlValue> values);
inline std::int64_t insertSql(Transaction& tx, std::string_view sql,
                              std::initializer_list<SqlValue> values) {
  return insertSql(tx, sql, std::span<const SqlValue>(values.begin(), values.size()));
}

// NativeSqlSession is implemented by the host's own SQLite sessions (not by plugins): the
// fast path runSql and insertSql take when a session's implementation is one.
class NativeSqlSession {
 public:
  // run binds values, steps the statement through its rows (calling onRow for each) and
  // returns what runSql returns; lastInsertId, when not null, receives the connection's
  // last inserted row id.
  virtual std::size_t run(std::string_view sql, std::span<const SqlValue> values,
                          const SqlRowCallback& onRow, std::int64_t* lastInsertId) = 0;

 protected:
  virtual ~NativeSqlSession();
};

}  // namespace duka
