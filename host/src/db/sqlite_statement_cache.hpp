// SqliteStatementCache: the compiled statements of one SQLite connection, kept for reuse so
// that running the same SQL text again skips parsing and planning it
// (docs/design/statement-cache.md).
#pragma once

#include <cstddef>
#include <list>
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

// CompiledStatement is one compiled statement, with the cache entry of its text once it has
// one (so that handing it back costs no lookup and no allocation).
struct CompiledStatement {
  sqlite3_stmt* statement = nullptr;
  void* entry = nullptr;  // SqliteStatementCache's; nullptr for a statement compiled anew
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
  // same text. Past the capacity (idle statements) the least recently kept text's are
  // finalized; after close(), or when memory runs out, the statement is finalized at once.
  void keep(std::string_view sql, CompiledStatement compiled) noexcept;
  // close finalizes every idle statement; the connection closes next.
  void close();

  std::size_t idleCount() const;
  // hits and misses count take()'s answers, for tests and diagnostics.
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  // Entry is one SQL text: its idle statements and how many are out. It stays while any is
  // out, so a statement's entry pointer is valid until keep() hands it back.
  struct Entry {
    std::string sql;
    std::vector<sqlite3_stmt*> idle;
    std::size_t out = 0;
    std::list<Entry>::iterator self;  // its place in entries_
  };
  using Entries = std::list<Entry>;  // most recently kept first

  Entry* entryFor(std::string_view sql);
  void evictLocked();
  void finalizeIdle(Entry& entry);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  Entries entries_;
  std::unordered_map<std::string_view, Entries::iterator> bySql_;  // views into entries_
  std::size_t idle_ = 0;
  bool closed_ = false;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

}  // namespace duka::host
