// SqliteConnection: a SQLite connection with duka's settings (WAL, foreign keys, a busy
// timeout, the configured synchronous level) whose statements keep their compiled form in
// a SqliteStatementCache (docs/design/statement-cache.md) and run bound and stepped
// directly. An UPDATE ... RETURNING on a table without triggers runs as the UPDATE and a
// SELECT of each changed row (UpdateReturning).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/sql_connection.hpp"
#include "db/sqlite_statement_cache.hpp"
#include "db/update_returning.hpp"

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
  // splitOf is how sql runs when it is an UPDATE ... RETURNING that can be split, else
  // nullptr. A split is worked out once per text, and only for a rowid table without
  // triggers (whose changes RETURNING would not show); DDL through this connection forgets
  // them all. The split is shared with the run that uses it: a statement that a row's
  // callback runs may make the connection forget its splits meanwhile.
  std::shared_ptr<const UpdateReturning> splitOf(std::string_view sql);

 protected:
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override;

 private:
  // compileOne takes the statement of sql from the cache, or compiles it; it refuses a text
  // of several statements or of none.
  CompiledStatement compileOne(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view sql) const;
  RowCount runSplit(const UpdateReturning& split, std::span<const SqlValue> values,
                    const SqlRowCallback& onRow);
  // runAsWritten binds, steps and gives back one statement of the cache.
  RowCount runAsWritten(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId);
  static void rowChanged(void* self, int operation, const char* database, const char* table,
                         long long rowid);

  sqlite3* db_ = nullptr;
  SqliteStatementCache cache_;
  struct TextHash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  // nullptr: the text runs as written.
  std::unordered_map<std::string, std::shared_ptr<const UpdateReturning>, TextHash, std::equal_to<>>
      splits_;
  // What the update hook collects while a split UPDATE steps: the rows of its table.
  const std::string* changing_ = nullptr;
  std::vector<long long> changed_;
};

}  // namespace duka::host
