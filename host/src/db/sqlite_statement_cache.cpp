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
  if (found == bySql_.end() || found->second->idle.empty()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  Entry& entry = *found->second;
  sqlite3_stmt* statement = entry.idle.back();
  entry.idle.pop_back();
  --idle_;
  ++entry.out;
  return CompiledStatement{statement, &entry};
}

SqliteStatementCache::Entry* SqliteStatementCache::entryFor(std::string_view sql) {
  // A text seen for the first time: its entry is made once and stays while it has statements.
  if (const auto found = bySql_.find(sql); found != bySql_.end())
    return &*found->second;
  entries_.push_front(Entry{std::string(sql), {}, 0, {}});
  entries_.front().self = entries_.begin();
  try {
    bySql_.emplace(std::string_view(entries_.front().sql), entries_.begin());
  } catch (...) {
    entries_.pop_front();
    throw;
  }
  return &entries_.front();
}

void SqliteStatementCache::keep(std::string_view sql, CompiledStatement compiled) noexcept {
  // A statement stopped halfway through its rows would otherwise keep its read snapshot
  // (and pin the WAL); the bindings may point at memory that is about to go.
  sqlite3_reset(compiled.statement);
  sqlite3_clear_bindings(compiled.statement);
  std::lock_guard<std::mutex> lock(mutex_);
  Entry* entry = static_cast<Entry*>(compiled.entry);
  if (entry != nullptr)
    --entry->out;
  if (closed_ || capacity_ == 0) {
    sqlite3_finalize(compiled.statement);
    return;
  }
  try {
    if (entry == nullptr)
      entry = entryFor(sql);
    entry->idle.push_back(compiled.statement);
  } catch (...) {
    sqlite3_finalize(compiled.statement);  // out of memory: compiled again next time
    return;
  }
  ++idle_;
  // Most recently kept first: a splice, no allocation.
  entries_.splice(entries_.begin(), entries_, entry->self);
  if (idle_ > capacity_)
    evictLocked();
}

void SqliteStatementCache::evictLocked() {
  // From the least recently kept text on, until the idle statements fit again.
  for (auto it = std::prev(entries_.end()); idle_ > capacity_;) {
    const bool first = it == entries_.begin();
    auto previous = first ? it : std::prev(it);
    finalizeIdle(*it);
    if (it->out == 0) {
      bySql_.erase(std::string_view(it->sql));
      entries_.erase(it);
    }
    if (first)
      break;
    it = previous;
  }
}

void SqliteStatementCache::finalizeIdle(Entry& entry) {
  for (sqlite3_stmt* statement : entry.idle)
    sqlite3_finalize(statement);
  idle_ -= entry.idle.size();
  entry.idle.clear();
}

void SqliteStatementCache::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  for (Entry& entry : entries_)
    finalizeIdle(entry);
  // Entries with statements out stay until keep() hands them back (and finalizes them).
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->out == 0) {
      bySql_.erase(std::string_view(it->sql));
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::size_t SqliteStatementCache::idleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_;
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
