// CachingSqliteSession: Poco's SQLite session whose statements reuse their compiled form
// through a SqliteStatementCache of the connection (docs/design/statement-cache.md), and
// the native path of the SDK's runSql (docs/design/direct-sql.md).
#pragma once

#include <Poco/Data/SQLite/SessionImpl.h>
#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <string_view>

#include "db/sqlite_statement_cache.hpp"
#include "duka/sql.hpp"

namespace duka::host {

class CachingSqliteSession : public Poco::Data::SQLite::SessionImpl, public NativeSqlSession {
 public:
  explicit CachingSqliteSession(const std::string& path,
                                std::size_t capacity = SqliteStatementCache::kDefaultCapacity);
  ~CachingSqliteSession() override;

  Poco::SharedPtr<Poco::Data::StatementImpl> createStatementImpl() override;
  void open(const std::string& connect = "") override;
  void close() override;

  // execute runs one statement without bound values or results (BEGIN, SAVEPOINT, COMMIT...)
  // straight on its cached compiled form, without the objects a Poco statement makes. A
  // text of several statements, or of none, is a std::invalid_argument.
  void execute(const std::string& sql);

  // run is runSql on this connection: the cached compiled statement, bound and stepped
  // directly. A text of several statements, or of none, is a std::invalid_argument.
  std::size_t run(std::string_view sql, std::span<const SqlValue> values,
                  const SqlRowCallback& onRow, std::int64_t* lastInsertId) override;

  const SqliteStatementCache& cache() const { return *cache_; }

 private:
  void startCache();
  // compileOne takes the statement of sql from the cache, or compiles it; it refuses a text
  // of several statements or of none.
  CompiledStatement compileOne(std::string_view sql);

  const std::size_t capacity_;
  sqlite3* db_ = nullptr;
  std::shared_ptr<SqliteStatementCache> cache_;
};

// executeSql runs a statement without bound values or results on a session: through
// CachingSqliteSession::execute when it is one, as a Poco statement otherwise.
void executeSql(Poco::Data::Session& session, const std::string& sql);

// openCachingSqlite opens a SQLite database file as a Poco session with a statement cache.
Poco::Data::Session openCachingSqlite(
    const std::string& path, std::size_t capacity = SqliteStatementCache::kDefaultCapacity);

}  // namespace duka::host
