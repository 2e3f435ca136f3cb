#include "db/sqlite_statement_cache.hpp"

#include <sqlite3.h>

#include <utility>

namespace duka::host {

SqliteStatementCache::SqliteStatementCache(std::size_t capacity) : capacity_(capacity) {}

SqliteStatementCache::~SqliteStatementCache() {
  close();
}

std::optional<CompiledStatement> SqliteStatementCache::take(std::string_view sql) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = bySql_.find(sql);
  if (found == bySql_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  const IdleList::iterator it = found->second;
  bySql_.erase(found);
  CompiledStatement compiled = std::move(it->compiled);
  idle_.erase(it);
  return compiled;
}

void SqliteStatementCache::keep(std::string sql, CompiledStatement compiled) noexcept {
  // A statement stopped halfway through its rows would otherwise keep its read snapshot
  // (and pin the WAL); the bindings may point at memory that is about to go.
  sqlite3_reset(compiled.statement);
  sqlite3_clear_bindings(compiled.statement);
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_ || capacity_ == 0) {
    sqlite3_finalize(compiled.statement);
    return;
  }
  sqlite3_stmt* statement = compiled.statement;
  try {
    idle_.push_front(Idle{std::move(sql), std::move(compiled)});
  } catch (...) {
    sqlite3_finalize(statement);  // out of memory: compiled again next time
    return;
  }
  try {
    bySql_.emplace(std::string_view(idle_.front().sql), idle_.begin());
  } catch (...) {
    idle_.pop_front();
    sqlite3_finalize(statement);
    return;
  }
  if (idle_.size() > capacity_)
    finalizeLocked(std::prev(idle_.end()));
}

void SqliteStatementCache::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  while (!idle_.empty())
    finalizeLocked(idle_.begin());
}

void SqliteStatementCache::finalizeLocked(IdleList::iterator it) {
  auto [first, last] = bySql_.equal_range(std::string_view(it->sql));
  for (; first != last; ++first) {
    if (first->second == it) {
      bySql_.erase(first);
      break;
    }
  }
  sqlite3_finalize(it->compiled.statement);
  idle_.erase(it);
}

std::size_t SqliteStatementCache::idleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

std::size_t SqliteStatementCache::hits() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

std::size_t SqliteStatementCache::misses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

}  // namespace duka::host
