// The SQL dialect tokens, SQLite's table rebuilds, patterns and timestamps.
#include "duka/database.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <ctime>

#include "host_api.hpp"

namespace duka {

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

bool hasPortableTokens(std::string_view sql) {
  return sql.find("{{") != std::string_view::npos;
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

std::string rfc3339(std::chrono::system_clock::time_point at) {
  return Poco::DateTimeFormatter::format(
      Poco::Timestamp(
          std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count()),
      "%Y-%m-%dT%H:%M:%SZ");
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
