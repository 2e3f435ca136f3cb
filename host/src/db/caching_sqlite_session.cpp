#include "db/caching_sqlite_session.hpp"

#include <Poco/Any.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/String.h>
#include <sqlite3.h>

#include <stdexcept>

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

void CachingSqliteSession::execute(const std::string& sql) {
  poco_check_ptr(db_);
  CompiledStatement compiled;
  if (auto cached = cache_->take(sql)) {
    compiled = std::move(*cached);
  } else {
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      &compiled.statement, &tail);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(compiled.statement);
      Poco::Data::SQLite::Utility::throwException(db_, rc, sqlite3_errmsg(db_));
    }
    // SQLite compiles the first statement of a text and leaves the rest unrun: refuse
    // such a text (and one of comments only) rather than run part of it.
    if (compiled.statement == nullptr || !Poco::trim(std::string(tail)).empty()) {
      sqlite3_finalize(compiled.statement);
      throw std::invalid_argument("executeSql runs exactly one statement: " + sql);
    }
  }
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW)
    rc = sqlite3_step(compiled.statement);
  const std::string message = rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(db_);
  cache_->keep(sql, std::move(compiled));  // resets it
  if (rc != SQLITE_DONE)
    Poco::Data::SQLite::Utility::throwException(db_, rc, message);
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
