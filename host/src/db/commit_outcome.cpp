#include "db/commit_outcome.hpp"

#include <libpq-fe.h>

#include <memory>
#include <thread>

namespace duka::host {

namespace {

struct Connection {
  PGconn* conn;
  ~Connection() { PQfinish(conn); }
};
struct Result {
  PGresult* result;
  ~Result() { PQclear(result); }
};

// statusOf asks once: "committed", "aborted", "in progress", or "" when it cannot.
std::string statusOf(const std::string& conninfo, const std::string& xid) {
  const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                                  nullptr};
  const char* const values[] = {"2", "duka/commit-outcome", conninfo.c_str(), nullptr};
  const Connection connection{PQconnectdbParams(keywords, values, 1)};
  if (connection.conn == nullptr || PQstatus(connection.conn) != CONNECTION_OK)
    return "";
  const char* const parameters[] = {xid.c_str()};
  const Result result{PQexecParams(connection.conn, "SELECT pg_xact_status($1::xid8)", 1, nullptr,
                                   parameters, nullptr, nullptr, 0)};
  if (PQresultStatus(result.result) != PGRES_TUPLES_OK || PQntuples(result.result) != 1)
    return "";
  if (PQgetisnull(result.result, 0, 0))
    return "forgotten";  // older than the server keeps: cannot happen seconds later
  return PQgetvalue(result.result, 0, 0);
}

}  // namespace

CommitOutcome askCommitOutcome(const std::string& conninfo, const std::string& xid,
                               std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const std::string status = statusOf(conninfo, xid);
    if (status == "committed")
      return CommitOutcome::Committed;
    if (status == "aborted")
      return CommitOutcome::Aborted;
    if (status == "forgotten" || std::chrono::steady_clock::now() >= deadline)
      return CommitOutcome::Unknown;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace duka::host
