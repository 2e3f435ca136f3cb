// The outcome of a PostgreSQL COMMIT whose connection broke before its answer came. The
// server knows it even when duka does not: a new connection asks pg_xact_status about the
// transaction's id, learned before the COMMIT was sent. Only while no connection can be
// made is the outcome unknown, and then duka says so (CommitOutcomeUnknown).
//
// A server that crashed meanwhile (kill -9, power loss) may have lost the transaction and
// its id with it: an id no flushed WAL record names is handed out again after recovery, and
// pg_xact_status then tells of the transaction that took it. So the id is trusted only if
// the server knew it durably: the same server process as before, or an id below the next id
// of the checkpoint the restarted server began with (its end-of-recovery or shutdown
// checkpoint; the next one comes minutes later, long after the few seconds spent asking).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "duka/sql.hpp"

namespace duka::host {

enum class CommitOutcome { Committed, Aborted, Unknown };

// kServerStartedAt asks when the server started, in microseconds since 1970 as text: the
// same text whatever the session's time zone and date style.
inline constexpr const char* kServerStartedAt =
    "SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint::text";

// CutOffTransaction is what is known of the transaction before its COMMIT went: its id (a
// pg_current_xact_id(), epoch included) and when its server started (kServerStartedAt).
struct CutOffTransaction {
  std::string id;
  std::string serverStartedAt;
};

// ServerAnswer is what a new connection learned: when the server now running started, the
// next transaction id of its latest checkpoint, whether the id is one the server has handed
// out at all (pg_xact_status refuses an id "in the future"), and its pg_xact_status
// ("committed", "aborted", "in progress", or "" when too old to be kept).
struct ServerAnswer {
  std::string startedAt;
  std::optional<std::uint64_t> checkpointNextId;  // none when the role may not read it
  bool handedOut = true;
  std::string status;
};

// outcomeOf is what answer says of transaction; nothing while it is still in progress (the
// old session has not noticed it was cut off yet): ask again.
std::optional<CommitOutcome> outcomeOf(const CutOffTransaction& transaction,
                                       const ServerAnswer& answer);

// askCommitOutcome connects anew with conninfo and asks about transaction, again and again
// until an answer or until wait has passed.
CommitOutcome askCommitOutcome(const std::string& conninfo, const CutOffTransaction& transaction,
                               std::chrono::milliseconds wait);

// CommitOutcomeUnknown: the connection broke during COMMIT and PostgreSQL could not be asked
// in time. A DatabaseUnavailable to every code that retries later; the HTTP host answers it
// 503 /problems/outcome-unknown, which a retry with the same Idempotency-Key resolves.
class CommitOutcomeUnknown : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

}  // namespace duka::host
