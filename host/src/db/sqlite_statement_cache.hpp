// SqliteStatementCache: the compiled statements of one SQLite connection, kept for reuse so
// that running the same SQL text again skips parsing and planning it
// (docs/design/statement-cache.md).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

extern "C" {
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
}

namespace duka::host {

// CompiledStatement is one compiled statement.
struct CompiledStatement {
  sqlite3_stmt* statement = nullptr;
};

class SqliteStatementCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 64;

  explicit SqliteStatementCache(std::size_t capacity = kDefaultCapacity);
  // The destructor finalizes what close() has not.
  ~SqliteStatementCache();
  SqliteStatementCache(const SqliteStatementCache&) = delete;
  SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

  // take hands out an idle statement compiled from exactly this text, or nothing; the
  // caller owns it until it gives it to keep() (or finalizes it).
  std::optional<CompiledStatement> take(std::string_view sql);
  // keep resets the statement, clears its bindings and keeps it for the next take() of the
  // same text. Past the capacity the least recently kept statement is finalized; after
  // close(), or when memory runs out, the statement is finalized at once.
  void keep(std::string sql, CompiledStatement compiled) noexcept;
  // close finalizes every idle statement; the connection closes next.
  void close();

  std::size_t idleCount() const;
  // hits and misses count take()'s answers, for tests and diagnostics.
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  struct Idle {
    std::string sql;
    CompiledStatement compiled;
  };
  using IdleList = std::list<Idle>;

  void finalizeLocked(IdleList::iterator it);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  IdleList idle_;                                                        // most recently kept first
  std::unordered_multimap<std::string_view, IdleList::iterator> bySql_;  // views into idle_
  bool closed_ = false;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

}  // namespace duka::host
