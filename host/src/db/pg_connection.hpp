// PgConnection: a PostgreSQL connection on libpq in pipeline mode. Each SQL text is
// prepared once per connection, in the same round trip as its first run; later runs send
// only the statement's name and the values. BEGIN waits and goes out with the
// transaction's first statement, and inside a transaction a statement whose outcome is not
// waited for (no rows read, no id, its RowCount not read yet) goes out with the next one
// that is, or with the COMMIT (docs/design/postgresql-scale-out.md).
//
// A transaction's id is learned before its COMMIT is sent: should the connection break
// before the COMMIT's answer comes, a new connection asks PostgreSQL whether it committed
// (db/commit_outcome.hpp), and the caller hears the truth.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/sql_connection.hpp"

extern "C" {
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
}

namespace duka::host {

class PgConnection final : public SqlConnection {
 public:
  // kMaxPrepared bounds the statements kept per connection; texts past it run unprepared.
  static constexpr std::size_t kMaxPrepared = 512;

  // PgConnection connects with a libpq connection string; failures are DatabaseUnavailable
  // (libpq's message names the host, never the password).
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Backend backend() const override { return Backend::Postgresql; }
  void execute(std::string_view sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool usable() const override;

  // preparedCount is how many statements this connection keeps prepared (tests).
  std::size_t preparedCount() const { return prepared_.size(); }
  // kMaxDeferred bounds the statements sent without waiting: libpq and the server would
  // otherwise fill each other's buffers with a long run of them.
  static constexpr std::size_t kMaxDeferred = 64;
  // kOutcomeWait bounds how long a COMMIT cut off keeps asking PostgreSQL how it ended.
  static constexpr std::chrono::milliseconds kOutcomeWait{5000};

 protected:
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override;

 private:
  // Expected is one result the pipeline owes: a BEGIN, a prepare, a run: the caller's own,
  // with its row callback and id, or a deferred one, whose count goes to its ticket; or the
  // transaction's id.
  struct Expected {
    enum class Kind { Begin, Prepare, Run, TransactionId } kind;
    std::string sql;  // Prepare: the text it names
    const SqlRowCallback* onRow = nullptr;
    std::int64_t* insertedId = nullptr;
    std::uint64_t ticket = 0;  // a deferred run's
  };
  std::size_t countOf(std::uint64_t ticket) override;
  // send puts a pending BEGIN, sql's prepare when it is new, and sql's run with the values
  // into libpq's pipeline, and records what each will answer.
  void send(const std::string& sql, std::span<const SqlValue> values, bool prepare, Expected run);
  // collect syncs the pipeline and reads every result it owes; it returns the rows read or
  // changed by the caller's own run, and throws the first failure. In a transaction that
  // wrote since its id was last asked for, the question goes with the sync.
  std::size_t collect();
  // commitCutOff answers a COMMIT whose connection broke: it returns when PostgreSQL says
  // the transaction committed, and throws otherwise.
  void commitCutOff(const DatabaseUnavailable& broken);
  [[noreturn]] void failSend(const char* what);

  PGconn* conn_ = nullptr;
  std::string conninfo_;                                    // to ask how a COMMIT cut off ended
  std::unordered_map<std::string, std::string> prepared_;   // SQL text -> statement name
  std::unordered_map<std::string, std::string> preparing_;  // sent, not yet answered
  std::vector<Expected> expected_;
  std::uint64_t named_ = 0;
  bool beginPending_ = false;
  bool inTransaction_ = false;
  std::uint64_t tickets_ = 0;                              // the last deferred run's ticket
  std::size_t deferred_ = 0;                               // deferred runs not yet collected
  std::unordered_map<std::uint64_t, std::size_t> counts_;  // collected deferred counts
  bool broken_ = false;  // a send failed halfway: the pipeline's state is unknown
  // The transaction's id (pg_current_xact_id), once it has one and it was asked for; and
  // whether a statement that may write went out since it was last asked for.
  std::string transactionId_;
  bool wroteSinceAsked_ = false;
  std::string serverStartedAt_;  // kServerStartedAt, read once on connecting
  // The values of the statement being sent, as text (libpq reads NUL-terminated text).
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

}  // namespace duka::host
