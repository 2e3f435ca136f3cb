// SqliteConnection: a SQLite connection with duka's settings (WAL, foreign keys, a busy
// timeout, the configured synchronous level) whose statements keep their compiled form in
// a SqliteStatementCache (docs/design/statement-cache.md) and run bound and stepped
// directly.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "db/sql_connection.hpp"
#include "db/sqlite_statement_cache.hpp"

namespace duka::host {

class SqliteConnection final : public SqlConnection {
 public:
  // SqliteConnection opens (and creates) the file; failures are DatabaseUnavailable.
  // synchronous is "full" or "normal" ("off" for tests that need no durability).
  SqliteConnection(const std::string& path, const std::string& synchronous,
                   std::size_t capacity = SqliteStatementCache::kDefaultCapacity);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Backend backend() const override { return Backend::Sqlite; }
  void execute(std::string_view sql) override;
  void begin() override { execute("BEGIN IMMEDIATE"); }
  void commit() override { execute("COMMIT"); }
  void rollback() override;
  bool usable() const override;

  sqlite3* handle() const { return db_; }
  const SqliteStatementCache& cache() const { return cache_; }

 protected:
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override;

 private:
  // compileOne takes the statement of sql from the cache, or compiles it; it refuses a text
  // of several statements or of none.
  CompiledStatement compileOne(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view sql) const;

  sqlite3* db_ = nullptr;
  SqliteStatementCache cache_;
};

}  // namespace duka::host
