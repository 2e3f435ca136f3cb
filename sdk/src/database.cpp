// Backend names, the SQL dialect tokens, pooled session leases and timestamps.
#include "duka/database.hpp"

#include <Poco/Any.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <sqlite3.h>

#include <ctime>

#include "sqlite_last_insert_id.hpp"

namespace duka {

const char* backendName(Backend backend) {
  return backend == Backend::Sqlite ? "sqlite" : "postgresql";
}

std::string sqlFor(Backend backend, const std::string& portableSql) {
  const bool pg = backend == Backend::Postgresql;
  std::string sql = portableSql;
  Poco::replaceInPlace(
      sql, std::string("{{id}}"),
      std::string(pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"));
  Poco::replaceInPlace(sql, std::string("{{blob}}"), std::string(pg ? "BYTEA" : "BLOB"));
  Poco::replaceInPlace(sql, std::string("{{for_update}}"), std::string(pg ? " FOR UPDATE" : ""));
  Poco::replaceInPlace(sql, std::string("{{skip_locked}}"),
                       std::string(pg ? " FOR UPDATE SKIP LOCKED" : ""));
  return sql;
}

std::int64_t executeInsert(Transaction& tx, Poco::Data::Statement& insert) {
  using Poco::Data::Keywords::into;
  Poco::Int64 id = 0;
  if (tx.backend() == Backend::Postgresql) {
    insert << " RETURNING id", into(id);
    insert.execute();
  } else {
    insert.execute();
    id = detail::sqliteLastInsertId(tx.session());
  }
  return id;
}

namespace detail {

std::int64_t sqliteLastInsertId(Poco::Data::Session& session) {
  // What `SELECT last_insert_rowid()` answers, without a statement of its own.
  return sqlite3_last_insert_rowid(Poco::AnyCast<sqlite3*>(session.getProperty("handle")));
}

}  // namespace detail

DbSession::DbSession(Poco::Data::Session session, std::function<void()> release)
    : session_(std::move(session)), release_(std::move(release)) {}

DbSession::DbSession(DbSession&& other) noexcept
    : session_(std::move(other.session_)), release_(std::move(other.release_)) {
  other.session_.reset();
  other.release_ = nullptr;
}

DbSession::~DbSession() {
  session_.reset();
  if (release_)
    release_();
}

Transaction::~Transaction() = default;
Database::~Database() = default;

std::string containsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\')
      pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& text) {
  return text.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(text);
}

bool isUniqueViolation(const std::exception& e) {
  const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
  const std::string text = poco ? poco->displayText() : e.what();
  return text.find("UNIQUE constraint failed") != std::string::npos ||             // SQLite
         text.find("duplicate key value violates unique") != std::string::npos ||  // PostgreSQL
         text.find("23505") != std::string::npos;
}

std::string nowRfc3339() {
  // Formatting costs far more than a copy, and the rows a writer stamps share their second:
  // each thread keeps the text of the last second it formatted.
  thread_local std::time_t second = -1;
  thread_local std::string text;
  const Poco::Timestamp now;
  if (now.epochTime() != second) {
    text = Poco::DateTimeFormatter::format(now, "%Y-%m-%dT%H:%M:%SZ");
    second = now.epochTime();
  }
  return text;
}

}  // namespace duka
