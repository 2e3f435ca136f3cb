// The outcome of a PostgreSQL COMMIT whose connection broke before its answer came. The
// server knows it even when duka does not: a new connection asks pg_xact_status about the
// transaction's id, learned before the COMMIT was sent. Only while no connection can be
// made is the outcome unknown, and then duka says so (CommitOutcomeUnknown).
#pragma once

#include <chrono>
#include <string>

#include "duka/sql.hpp"

namespace duka::host {

enum class CommitOutcome { Committed, Aborted, Unknown };

// askCommitOutcome connects anew with conninfo and asks about the transaction xid (a
// pg_current_xact_id()), again and again until an answer or until wait has passed. A
// transaction still in progress (the old session has not noticed it was cut off yet) is
// asked about again.
CommitOutcome askCommitOutcome(const std::string& conninfo, const std::string& xid,
                               std::chrono::milliseconds wait);

// CommitOutcomeUnknown: the connection broke during COMMIT and PostgreSQL could not be asked
// in time. A DatabaseUnavailable to every code that retries later; the HTTP host answers it
// 503 /problems/outcome-unknown, which a retry with the same Idempotency-Key resolves.
class CommitOutcomeUnknown : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

}  // namespace duka::host
