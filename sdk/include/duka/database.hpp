// duka/database.hpp: the database a plugin gets: pooled connections for reads, write
// transactions that carry events, per-plugin migrations, and the portable schema tokens.
//
// Statements run through duka/sql.hpp's run() and insert(). Tables carry the plugin's name
// as prefix (orders_items). Timestamps are RFC 3339 UTC text; money integer minor units.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "duka/events.hpp"
#include "duka/sql.hpp"

namespace duka {

// Migration is one numbered, ordered schema step of a plugin. Versions start at 1 and
// never change once released. Statements may use the tokens that sqlFor expands; when
// `postgresql` is not empty it replaces `statements` on PostgreSQL.
struct Migration {
  int version = 0;
  std::string description;
  std::vector<std::string> statements;
  std::vector<std::string> postgresql;
};

// sqlFor expands the portable tokens of a statement for a backend:
//   {{id}}           auto-increment integer primary key column type
//   {{blob}}         binary column type
//   {{for_update}}   row lock on a SELECT (PostgreSQL), nothing on SQLite, whose write
//                    transactions (BEGIN IMMEDIATE) already exclude other writers
//   {{skip_locked}}  FOR UPDATE SKIP LOCKED (PostgreSQL), nothing on SQLite
std::string sqlFor(Backend backend, const std::string& portableSql);

// DbSession is a pooled connection leased for reads, returned to the pool when the
// DbSession is destroyed. Each statement on it commits on its own.
class DbSession {
 public:
  DbSession(SqlSession& session, std::function<void()> release);
  ~DbSession();
  DbSession(DbSession&& other) noexcept;
  DbSession& operator=(DbSession&&) = delete;
  DbSession(const DbSession&) = delete;
  DbSession& operator=(const DbSession&) = delete;

  SqlSession& operator*() { return *session_; }
  SqlSession* operator->() { return session_; }

 private:
  SqlSession* session_;
  std::function<void()> release_;
};

// Transaction is an open write transaction. Every statement run through it and every
// event published here commits together or not at all.
class Transaction : public SqlSession {
 public:
  ~Transaction() override;

  // queue runs a statement whose outcome this code does not need (an INSERT whose id and
  // count nobody reads): on PostgreSQL it travels with the transaction's next statement, or
  // its commit, in the same round trip; on SQLite it runs at once. Its failure fails that
  // later call (as an SqlError of kind Other that names it), and so the whole transaction.
  // Values are sent (copied) before queue returns.
  void queue(std::string_view sql, std::span<const SqlValue> values) {
    queueStatement(sql, values);
  }
  void queue(std::string_view sql, std::initializer_list<SqlValue> values) {
    queueStatement(sql, std::span<const SqlValue>(values.begin(), values.size()));
  }

  virtual const EventContext& context() const = 0;
  // publish runs the in-transaction subscribers now (a throw vetoes the transaction) and
  // queues the event for the after-commit subscribers.
  virtual void publish(const std::string& name, Poco::JSON::Object::Ptr payload) = 0;
  // onCommit runs fn on this thread right after the commit, before write() returns (so
  // before the request is answered); it never runs when the transaction rolls back. For
  // in-process bookkeeping such as invalidating a cache; it must not throw.
  virtual void onCommit(std::function<void()> fn) = 0;

 protected:
  virtual void queueStatement(std::string_view sql, std::span<const SqlValue> values) = 0;
};

// Database is the configured backend as a plugin sees it.
class Database {
 public:
  virtual ~Database();
  virtual Backend backend() const = 0;
  // session leases a pooled connection for reads; it waits while all are in use (past the
  // wait: DatabaseUnavailable).
  virtual DbSession session() = 0;
  // write runs fn in one write transaction, commits when fn returns and rolls back when
  // it throws (rethrowing). After the commit, the events go to after-commit subscribers.
  // On SQLite, writers that queue behind a running transaction share the next commit,
  // each in a savepoint of its own, and fn runs on the host's writer thread: keep it free
  // of thread-local state. Its outcome (commit, or its own exception) is the caller's alone.
  virtual void write(const EventContext& context, const std::function<void(Transaction&)>& fn) = 0;

  // run runs one statement on a leased connection (SqlSession::run).
  std::size_t run(std::string_view sql, std::initializer_list<SqlValue> values = {},
                  SqlRowCallback onRow = {}) {
    DbSession leased = session();
    return leased->run(sql, values, onRow);
  }
  std::size_t run(std::string_view sql, std::span<const SqlValue> values,
                  SqlRowCallback onRow = {}) {
    DbSession leased = session();
    return leased->run(sql, values, onRow);
  }

  // transact is write() for a function that returns a value.
  template <class F>
  auto transact(const EventContext& context, F&& fn) -> std::invoke_result_t<F, Transaction&> {
    using Result = std::invoke_result_t<F, Transaction&>;
    if constexpr (std::is_void_v<Result>) {
      write(context, fn);
    } else {
      std::optional<Result> result;
      write(context, [&](Transaction& tx) { result.emplace(fn(tx)); });
      return std::move(*result);
    }
  }
};

// containsPattern makes a LIKE pattern that matches text anywhere, with text's own %, _
// and \ taken literally; use it with `LIKE $n ESCAPE '\'` (both backends).
std::string containsPattern(const std::string& text);

// nullIfEmpty binds "" as SQL NULL, for optional text columns.
inline SqlValue nullIfEmpty(std::string_view text) {
  return text.empty() ? SqlValue(nullptr) : SqlValue(text);
}

// nowRfc3339 is the current UTC time as stored and shown: 2026-11-25T08:00:00Z.
std::string nowRfc3339();

}  // namespace duka
