#include "db/commit_outcome.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
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

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// fullId reads pg_control_checkpoint()'s next_xid, "epoch:xid", as an xid8 is written.
std::optional<std::uint64_t> fullId(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  const auto epoch = number(text.substr(0, colon));
  const auto id = number(text.substr(colon + 1));
  if (!epoch || !id || *id > 0xffffffffULL)
    return std::nullopt;
  return (*epoch << 32) | *id;
}

// answerOf asks once; nothing when it cannot.
std::optional<ServerAnswer> answerOf(const std::string& conninfo, const std::string& id) {
  const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                                  nullptr};
  const char* const values[] = {"2", "duka/commit-outcome", conninfo.c_str(), nullptr};
  const Connection connection{PQconnectdbParams(keywords, values, 1)};
  if (connection.conn == nullptr || PQstatus(connection.conn) != CONNECTION_OK)
    return std::nullopt;
  ServerAnswer answer;
  {
    const Result started{PQexec(connection.conn, kServerStartedAt)};
    if (PQresultStatus(started.result) != PGRES_TUPLES_OK || PQntuples(started.result) != 1)
      return std::nullopt;
    answer.startedAt = PQgetvalue(started.result, 0, 0);
  }
  {
    // A role that may not read pg_control leaves the checkpoint unknown.
    const Result checkpoint{
        PQexec(connection.conn, "SELECT next_xid FROM pg_control_checkpoint()")};
    if (PQresultStatus(checkpoint.result) == PGRES_TUPLES_OK && PQntuples(checkpoint.result) == 1)
      answer.checkpointNextId = fullId(PQgetvalue(checkpoint.result, 0, 0));
  }
  const char* const parameters[] = {id.c_str()};
  const Result status{PQexecParams(connection.conn, "SELECT pg_xact_status($1::xid8)", 1, nullptr,
                                   parameters, nullptr, nullptr, 0)};
  if (PQresultStatus(status.result) == PGRES_FATAL_ERROR) {
    // "transaction ID ... is in the future": the server never handed the id out.
    const char* state = PQresultErrorField(status.result, PG_DIAG_SQLSTATE);
    if (state == nullptr || std::strcmp(state, "22023") != 0)
      return std::nullopt;
    answer.handedOut = false;
    return answer;
  }
  if (PQresultStatus(status.result) != PGRES_TUPLES_OK || PQntuples(status.result) != 1)
    return std::nullopt;
  answer.status = PQgetisnull(status.result, 0, 0) ? "" : PQgetvalue(status.result, 0, 0);
  return answer;
}

}  // namespace

std::optional<CommitOutcome> outcomeOf(const CutOffTransaction& transaction,
                                       const ServerAnswer& answer) {
  // An id the server never handed out, or one that aborted (this transaction, or one that
  // took its id after a crash), cannot have committed.
  if (!answer.handedOut || answer.status == "aborted")
    return CommitOutcome::Aborted;
  const auto id = number(transaction.id);
  if (!id)
    return CommitOutcome::Unknown;
  if (transaction.serverStartedAt.empty())
    return CommitOutcome::Unknown;  // whether the server restarted cannot be told
  if (answer.startedAt != transaction.serverStartedAt) {
    if (!answer.checkpointNextId)
      return CommitOutcome::Unknown;
    // The restarted server never knew the id: its writes were lost with the crash, and the
    // status is of another transaction that took the id.
    if (*id >= *answer.checkpointNextId)
      return CommitOutcome::Aborted;
  }
  if (answer.status == "committed")
    return CommitOutcome::Committed;
  if (answer.status.empty())
    return CommitOutcome::Unknown;  // older than the server keeps: cannot happen seconds later
  return std::nullopt;              // in progress
}

CommitOutcome askCommitOutcome(const std::string& conninfo, const CutOffTransaction& transaction,
                               std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (const auto answer = answerOf(conninfo, transaction.id)) {
      if (const auto outcome = outcomeOf(transaction, *answer))
        return *outcome;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return CommitOutcome::Unknown;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace duka::host
