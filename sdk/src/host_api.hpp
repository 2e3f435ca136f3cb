// What the SDK library does for the host alone. Declared here, in a header that is not
// installed, so that no plugin calls it; the host and the SDK's own sources include it.
#pragma once

#include <string>

#include "duka/http.hpp"
#include "duka/sql.hpp"

namespace duka {

namespace detail {
// SqlAccess runs a statement whose values are in a span (built at run time), for the SDK's
// own pages and the host.
struct SqlAccess {
  static std::size_t run(SqlSession& session, std::string_view sql,
                         std::span<const SqlValue> values, SqlRowCallback onRow = {}) {
    return session.runStatement(sql, values, onRow, nullptr);
  }
};
}  // namespace detail

// The errors only the host answers (405 with Allow, 413 naming the limit).
HttpError methodNotAllowed(const std::vector<std::string>& allowed);
HttpError payloadTooLarge(std::size_t limit);

// problemResponse renders an HttpError as problem+json with the request id.
Response problemResponse(const HttpError& error, const std::string& requestId);

// sqlFor expands a statement's portable tokens for a backend: {{id}} (an auto-increment
// integer primary key), {{blob}}, {{for_update}} (a row lock on PostgreSQL; SQLite's write
// transactions already exclude other writers) and {{skip_locked}} (FOR UPDATE SKIP LOCKED on
// PostgreSQL, nothing on SQLite). Both connections expand every statement they prepare.
std::string sqlFor(Backend backend, const std::string& portableSql);
bool hasPortableTokens(std::string_view sql);

// parseBoolean reads true/false, yes/no, on/off, 1/0 (any case, blanks around).
bool parseBoolean(const std::string& text, bool& value);

// rejectUntrustedCertificates makes a certificate that fails verification an error in the
// whole process, never Poco's console prompt; duka calls it at start, and every HttpClient.
void rejectUntrustedCertificates();

}  // namespace duka
