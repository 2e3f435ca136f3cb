// duka/database.hpp: the database a plugin gets: connections leased for reads, write
// transactions that carry events, and the plugin's migrations. Statements run through
// duka/sql.hpp. Tables carry the plugin's name as prefix; times are RFC 3339 UTC text.
#pragma once

#include <memory>
#include <vector>

#include "duka/events.hpp"
#include "duka/sql.hpp"

namespace duka {

// Migration is one numbered schema step; versions start at 1 and never change once
// released. `postgresql`, when not empty, replaces `statements` there.
struct Migration {
  int version = 0;
  std::string description;
  std::vector<std::string> statements;
  std::vector<std::string> postgresql;
  // violations, when set, is a query listing (one text column) what stops the step, such as
  // rows a new unique index would refuse: the start is refused naming them.
  std::string violations{};
};

// rebuildTables is how SQLite changes a table: each of tables is renamed (in the order
// given: a table whose foreign key refers to a later one first), created anew from `create`,
// refilled with its `columns`, and the old one dropped; then `after` (indexes, triggers).
struct TableRebuild {
  std::string name, create, columns;
};
std::vector<std::string> rebuildTables(const std::vector<TableRebuild>& tables,
                                       const std::vector<std::string>& after = {});

// DbSession is a connection leased for reads, returned when it goes; each statement commits.
using DbSession = std::unique_ptr<SqlSession, std::function<void(SqlSession*)>>;

// Transaction is an open write transaction: its statements and events commit together.
class Transaction : public SqlSession {
 public:
  ~Transaction() override;
  // queue runs a statement whose outcome nobody reads: on PostgreSQL it travels with the
  // next statement or the commit; its failure fails that later call, so the transaction.
  void queue(std::string_view sql, std::initializer_list<SqlValue> values) {
    queueStatement(sql, std::span<const SqlValue>(values.begin(), values.size()));
  }
  virtual const EventContext& context() const = 0;
  // publish runs the in-transaction subscribers now (a throw vetoes) and queues the event
  // for the after-commit ones.
  template <class P>
  void publish(const EventType<P>& type, const P& payload) {
    publishJson(type.name(), type.shape().object(payload));
  }
  // onCommit runs fn right after the commit, before write() returns; never on a rollback.
  virtual void onCommit(std::function<void()> fn) = 0;
  // memo is the transaction's slot for key (a row read through it, so that two plugins
  // needing it read it once; key "<plugin>.<what>:<id>"), or nullptr without a memo. Only
  // the plugin owning the row keeps it there, and resets the slot when it changes the row.
  virtual std::shared_ptr<void>* memo(std::string_view key);

 protected:
  virtual void queueStatement(std::string_view sql, std::span<const SqlValue> values) = 0;
  virtual void publishJson(const std::string& name, Poco::JSON::Object::Ptr payload) = 0;
};

// Database is the configured backend.
class Database {
 public:
  virtual ~Database();
  virtual Backend backend() const = 0;
  // session leases a connection for reads (waits while all are busy, then
  // DatabaseUnavailable).
  virtual DbSession session() = 0;
  std::size_t run(std::string_view sql, std::initializer_list<SqlValue> values = {},
                  SqlRowCallback onRow = {}) {  // one statement on a leased connection
    return session()->run(sql, values, onRow);
  }
  // write runs fn in one write transaction: commit when it returns, roll back when it
  // throws. On SQLite, writers queued together share a commit, each in its own savepoint,
  // and fn runs on the writer thread (keep it free of thread-local state).
  virtual void write(const EventContext& context, const std::function<void(Transaction&)>& fn) = 0;
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

// containsPattern is a LIKE pattern matching text anywhere (%, _ and \ literal), for
// `LIKE $n ESCAPE '\'`. nullIfEmpty binds "" as NULL. nowRfc3339: 2026-11-25T08:00:00Z.
std::string containsPattern(const std::string& text);
inline SqlValue nullIfEmpty(std::string_view text) {
  return text.empty() ? SqlValue(nullptr) : SqlValue(text);
}
std::string nowRfc3339();

}  // namespace duka
