#include "db/caching_sqlite_session.hpp"

#include <Poco/Any.h>

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

Poco::Data::Session openCachingSqlite(const std::string& path, std::size_t capacity) {
  return Poco::Data::Session(
      Poco::AutoPtr<Poco::Data::SessionImpl>(new CachingSqliteSession(path, capacity)));
}

}  // namespace duka::host
