// duka/database.hpp: the database a plugin gets: reads, write transactions that carry events,
// and migrations. Tables carry the plugin's name as prefix; times are RFC 3339 UTC text.
#pragma once

#include <chrono>
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

// Transaction is an open write transaction: its statements and events commit together.
class Transaction : public SqlSession {
 public:
  ~Transaction() override;
  // insert runs an INSERT (no RETURNING) into a table keyed by `id` and returns the new id.
  std::int64_t insert(std::string_view sql, std::initializer_list<SqlValue> values) {
    std::int64_t id = 0;
    runStatement(sql, {values.begin(), values.size()}, {}, &id);
    return id;
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

 protected:
  virtual void publishJson(const std::string& name, Poco::JSON::Object::Ptr payload) = 0;
};

// Database is the configured backend. Its run() is a read: one statement on a connection
// leased for it (waiting while all are busy, then DatabaseUnavailable), committed alone.
class Database : public SqlSession {
 public:
  ~Database() override;
  // write runs fn in one write transaction: commit when it returns, roll back when it
  // throws. On SQLite, writers queued together share a commit, each in its own savepoint,
  // and fn runs on the writer thread (keep it free of thread-local state).
  virtual void write(const EventContext& context, const std::function<void(Transaction&)>& fn) = 0;
  // transact is write() that answers fn's value, if any.
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

// containsPattern is a pattern for `LIKE $n ESCAPE '\'` matching text anywhere; nullIfEmpty
// binds "" as NULL; rfc3339 is a time as stored and shown (2026-11-25T08:00:00Z, UTC).
std::string containsPattern(const std::string& text);
inline SqlValue nullIfEmpty(std::string_view text) {
  return text.empty() ? SqlValue(nullptr) : SqlValue(text);
}
std::string rfc3339(std::chrono::system_clock::time_point at);
std::string nowRfc3339();

}  // namespace duka
