#include "db/caching_sqlite_session.hpp"

#include <Poco/Any.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/String.h>
#include <sqlite3.h>

#include <stdexcept>
#include <variant>

#include "db/cached_sqlite_statement.hpp"

namespace duka::host {

CachingSqliteSession::CachingSqliteSession(const std::string& path, std::size_t capacity)
    : Poco::Data::SQLite::SessionImpl(path), capacity_(capacity) {
  startCache();  // the base class opened the file
}

CachingSqliteSession::~CachingSqliteSession() {
  // Compiled statements go before the connection does.
  if (cache_)
    cache_->close();
}

void CachingSqliteSession::startCache() {
  if (cache_)
    cache_->close();
  cache_ = std::make_shared<SqliteStatementCache>(capacity_);
  db_ = isConnected() ? Poco::AnyCast<sqlite3*>(getProperty("handle")) : nullptr;
}

Poco::SharedPtr<Poco::Data::StatementImpl> CachingSqliteSession::createStatementImpl() {
  poco_check_ptr(db_);
  return new CachedSqliteStatement(*this, db_, cache_);
}

CompiledStatement CachingSqliteSession::compileOne(std::string_view sql) {
  poco_check_ptr(db_);
  if (auto cached = cache_->take(sql))
    return std::move(*cached);
  CompiledStatement compiled;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &compiled.statement, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(compiled.statement);
    Poco::Data::SQLite::Utility::throwException(db_, rc, sqlite3_errmsg(db_));
  }
  // SQLite compiles the first statement of a text and leaves the rest unrun: refuse such a
  // text (and one of comments only) rather than run part of it.
  const std::string rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (compiled.statement == nullptr || !Poco::trim(rest).empty()) {
    sqlite3_finalize(compiled.statement);
    throw std::invalid_argument("one statement expected: " + std::string(sql));
  }
  return compiled;
}

void CachingSqliteSession::execute(const std::string& sql) {
  run(sql, {}, {}, nullptr);
}

namespace {

// StatementRow is the current row of a stepping statement seen as a SqlRow.
class StatementRow final : public SqlRow {
 public:
  explicit StatementRow(sqlite3_stmt* statement) : statement_(statement) {}

  bool isNull(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  std::string text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return text == nullptr
               ? std::string()
               : std::string(text,
                             static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  sqlite3_stmt* statement_;
};

// bindValue binds one value to parameter `position` (from 1); text is not copied.
int bindValue(sqlite3_stmt* statement, int position, const SqlValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value))
    return sqlite3_bind_int64(statement, position, *number);
  if (const auto* text = std::get_if<std::string_view>(&value))
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    return sqlite3_bind_text(statement, position, text->empty() ? "" : text->data(),
                             static_cast<int>(text->size()), SQLITE_STATIC);
  return sqlite3_bind_null(statement, position);
}

}  // namespace

std::size_t CachingSqliteSession::run(std::string_view sql, std::span<const SqlValue> values,
                                      const SqlRowCallback& onRow, std::int64_t* lastInsertId) {
  CompiledStatement compiled = compileOne(sql);
  sqlite3_stmt* statement = compiled.statement;
  // The statement goes back to the cache (reset, its bindings cleared) however this ends.
  struct GiveBack {
    SqliteStatementCache& cache;
    std::string_view sql;
    CompiledStatement& compiled;
    ~GiveBack() {
      try {
        cache.keep(std::string(sql), std::move(compiled));
      } catch (...) {  // no memory for the key: compiled again next time
        sqlite3_finalize(compiled.statement);
      }
    }
  } giveBack{*cache_, sql, compiled};

  const int parameters = sqlite3_bind_parameter_count(statement);
  if (static_cast<std::size_t>(parameters) != values.size())
    throw Poco::Data::SQLite::ParameterCountMismatchException(
        std::to_string(values.size()) + " values for " + std::to_string(parameters) +
        " parameters: " + std::string(sql));
  for (int i = 0; i < parameters; ++i) {
    const int rc = bindValue(statement, i + 1, values[static_cast<std::size_t>(i)]);
    if (rc != SQLITE_OK)
      Poco::Data::SQLite::Utility::throwException(db_, rc, sqlite3_errmsg(db_));
  }

  std::size_t rows = 0;
  int rc = sqlite3_step(statement);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(statement)) {
    ++rows;
    if (onRow)
      onRow(StatementRow(statement));
  }
  if (rc != SQLITE_DONE)
    Poco::Data::SQLite::Utility::throwException(db_, rc, sqlite3_errmsg(db_));
  if (lastInsertId != nullptr)
    *lastInsertId = sqlite3_last_insert_rowid(db_);
  return sqlite3_column_count(statement) > 0 ? rows
                                             : static_cast<std::size_t>(sqlite3_changes(db_));
}

void CachingSqliteSession::open(const std::string& connect) {
  Poco::Data::SQLite::SessionImpl::open(connect);
  startCache();
}

void CachingSqliteSession::close() {
  if (cache_)
    cache_->close();
  Poco::Data::SQLite::SessionImpl::close();
  db_ = nullptr;
}

void executeSql(Poco::Data::Session& session, const std::string& sql) {
  if (auto* caching = dynamic_cast<CachingSqliteSession*>(session.impl())) {
    caching->execute(sql);
    return;
  }
  session << sql, Poco::Data::Keywords::now;
}

Poco::Data::Session openCachingSqlite(const std::string& path, std::size_t capacity) {
  return Poco::Data::Session(
      Poco::AutoPtr<Poco::Data::SessionImpl>(new CachingSqliteSession(path, capacity)));
}

}  // namespace duka::host
