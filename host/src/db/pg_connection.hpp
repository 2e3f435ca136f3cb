// PgConnection: a PostgreSQL connection on libpq in pipeline mode. Each SQL text is
// prepared once per connection, in the same round trip as its first run; later runs send
// only the statement's name and the values. BEGIN waits and goes out with the
// transaction's first statement, and queued statements (Transaction::queue) with the next
// one that waits for its answer (docs/design/postgresql-scale-out.md).
#pragma once

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
  void queueStatement(std::string_view sql, std::span<const SqlValue> values) override;

  // preparedCount is how many statements this connection keeps prepared (tests).
  std::size_t preparedCount() const { return prepared_.size(); }

 protected:
  std::size_t runStatement(std::string_view sql, std::span<const SqlValue> values,
                           const SqlRowCallback& onRow, std::int64_t* insertedId) override;

 private:
  // Expected is one result the pipeline owes: a BEGIN, a prepare, or a run (the caller's own,
  // with its row callback and id, or a queued one).
  struct Expected {
    enum class Kind { Begin, Prepare, Run, Queued } kind;
    std::string sql;  // Prepare: the text it names; Queued: the text, for its error
    const SqlRowCallback* onRow = nullptr;
    std::int64_t* insertedId = nullptr;
  };
  // send puts a pending BEGIN, sql's prepare when it is new, and sql's run with the values
  // into libpq's pipeline, and records what each will answer.
  void send(const std::string& sql, std::span<const SqlValue> values, bool prepare, Expected run);
  // collect syncs the pipeline and reads every result it owes; it returns the rows read or
  // changed by the caller's own run, and throws the first failure.
  std::size_t collect();
  [[noreturn]] void failSend(const char* what);

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;   // SQL text -> statement name
  std::unordered_map<std::string, std::string> preparing_;  // sent, not yet answered
  std::vector<Expected> expected_;
  std::uint64_t named_ = 0;
  bool beginPending_ = false;
  bool broken_ = false;  // a send failed halfway: the pipeline's state is unknown
  // The values of the statement being sent, as text (libpq reads NUL-terminated text).
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

}  // namespace duka::host
