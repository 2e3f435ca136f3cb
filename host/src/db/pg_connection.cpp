#include "db/pg_connection.hpp"

#include <Poco/Logger.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <exception>
#include <optional>
#include <stdexcept>
#include <variant>

#include "db/commit_outcome.hpp"
#include "host_api.hpp"

namespace duka::host {

namespace {

// PgRow is one row of a result seen as a SqlRow.
class PgRow final : public SqlRow {
 public:
  PgRow(const PGresult* result, int row) : result_(result), row_(row) {}

  int columns() const override { return PQnfields(result_); }
  bool isNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t integer(int column) const override {
    const char* text = PQgetvalue(result_, row_, column);
    const int length = PQgetlength(result_, row_, column);
    if (length == 1 && (text[0] == 't' || text[0] == 'f'))  // a boolean
      return text[0] == 't' ? 1 : 0;
    std::int64_t value = 0;
    std::from_chars(text, text + length, value);
    return value;
  }
  std::string text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }

 private:
  const PGresult* result_;
  int row_;
};

// Result owns a PGresult.
struct Result {
  PGresult* result;
  ~Result() { PQclear(result); }
};

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// errorOf turns a failed result into the SDK's error: constraint failures are SqlErrors the
// caller may answer; what says "not now" (lost connection, shutdown, too many connections,
// a deadlock or serialization failure, a cancelled statement) is DatabaseUnavailable.
std::exception_ptr errorOf(const PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string code = state ? state : "";
  const std::string message = "PostgreSQL: " + trimmed(PQresultErrorMessage(result));
  const std::string family = code.substr(0, 2);
  if (code == "23505")
    return std::make_exception_ptr(SqlError(SqlError::Kind::UniqueViolation, message));
  if (family == "23")
    return std::make_exception_ptr(SqlError(SqlError::Kind::ConstraintViolation, message));
  if (family == "08" || family == "53" || family == "57" || code == "40001" || code == "40P01" ||
      code == "55P03")
    return std::make_exception_ptr(DatabaseUnavailable(message));
  return std::make_exception_ptr(SqlError(SqlError::Kind::Other, message));
}

// mayWrite tells whether a statement can give its transaction an id: anything but a SELECT
// (a SELECT ... FOR UPDATE takes one too, but a transaction that only locks need not be
// asked about).
bool mayWrite(std::string_view sql) {
  const auto start = sql.find_first_not_of(" \t\r\n(");
  if (start == std::string_view::npos)
    return false;
  constexpr std::string_view kSelect = "select";
  if (sql.size() - start < kSelect.size())
    return true;
  for (std::size_t i = 0; i < kSelect.size(); ++i) {
    if ((sql[start + i] | 0x20) != kSelect[i])
      return true;
  }
  return false;
}

constexpr const char* kAskTransactionId = "SELECT pg_current_xact_id_if_assigned()";

}  // namespace

PgConnection::PgConnection(const std::string& conninfo) : conninfo_(conninfo) {
  // Unless the connection string says otherwise (its keywords come later, so they win): a
  // connection attempt gives up after 10 s instead of the operating system's minutes, and
  // pg_stat_activity shows which duka process (and so which instance) holds each
  // connection, as "duka/<pid>".
  const std::string application = "duka/" + std::to_string(::getpid());
  const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                                  nullptr};
  const char* const values[] = {"10", application.c_str(), conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw DatabaseUnavailable("cannot connect to PostgreSQL: " + why);
  }
  // Notices (e.g. "relation already exists, skipping") are the database talking to a
  // person at a console: not to duka's log.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  if (PQenterPipelineMode(conn_) != 1) {
    PQfinish(conn_);
    conn_ = nullptr;
    throw DatabaseUnavailable("PostgreSQL: libpq refused pipeline mode");
  }
  try {
    execute("SET client_encoding = 'UTF8'");
    // The server's start, so that a COMMIT cut off can tell whether it restarted since.
    const auto learnStart = [this](const SqlRow& row) { serverStartedAt_ = row.text(0); };
    runStatement(kServerStartedAt, {}, learnStart, nullptr);
  } catch (...) {
    PQfinish(conn_);
    throw;
  }
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

void PgConnection::failSend(const char* what) {
  // Whatever was sent is lost with the pipeline's state: the pool drops this connection.
  expected_.clear();
  broken_ = true;
  throw DatabaseUnavailable(std::string("PostgreSQL: ") + what + ": " +
                            trimmed(PQerrorMessage(conn_)));
}

void PgConnection::execute(std::string_view sql) {
  send(std::string(sql), {}, false, Expected{Expected::Kind::Run, {}, nullptr, nullptr});
  collect();
}

RowCount PgConnection::runStatement(std::string_view sql, std::span<const SqlValue> values,
                                    const SqlRowCallback& onRow, std::int64_t* insertedId) {
  std::string text =
      hasPortableTokens(sql) ? sqlFor(Backend::Postgresql, std::string(sql)) : std::string(sql);
  if (insertedId != nullptr)
    text += " RETURNING id";
  if (inTransaction_ && !onRow && insertedId == nullptr && deferred_ < kMaxDeferred) {
    send(text, values, true, Expected{Expected::Kind::Run, {}, nullptr, nullptr, ++tickets_});
    ++deferred_;
    return RowCount(this, tickets_, 0);
  }
  send(text, values, true, Expected{Expected::Kind::Run, {}, &onRow, insertedId});
  return RowCount(nullptr, 0, collect());
}

std::size_t PgConnection::countOf(std::uint64_t ticket) {
  if (counts_.find(ticket) == counts_.end() && !expected_.empty())
    collect();
  const auto found = counts_.find(ticket);
  if (found == counts_.end())
    throw std::logic_error("a row count read after its transaction ended");
  return found->second;
}

void PgConnection::send(const std::string& sql, std::span<const SqlValue> values, bool prepare,
                        Expected run) {
  if (PQstatus(conn_) != CONNECTION_OK)
    throw DatabaseUnavailable("PostgreSQL: the connection is lost");
  if (inTransaction_ && mayWrite(sql))
    wroteSinceAsked_ = true;
  // The values as text; libpq copies them into its output buffer as it sends.
  texts_.resize(values.size());
  pointers_.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const SqlValue& value = values[i];
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, *number).ptr;
      texts_[i].assign(digits, end);
      pointers_[i] = texts_[i].c_str();
    } else if (const auto* text = std::get_if<std::string_view>(&value)) {
      texts_[i].assign(text->data(), text->size());
      pointers_[i] = texts_[i].c_str();
    } else {
      pointers_[i] = nullptr;
    }
  }
  const int count = static_cast<int>(values.size());

  if (beginPending_) {
    if (!PQsendQueryParams(conn_, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0))
      failSend("cannot send BEGIN");
    beginPending_ = false;
    expected_.push_back(Expected{Expected::Kind::Begin, {}, nullptr, nullptr});
  }
  const std::string* name = nullptr;
  if (prepare) {
    if (const auto found = prepared_.find(sql); found != prepared_.end()) {
      name = &found->second;
    } else if (const auto sent = preparing_.find(sql); sent != preparing_.end()) {
      name = &sent->second;  // prepared earlier in this pipeline: PostgreSQL runs in order
    } else if (prepared_.size() + preparing_.size() < kMaxPrepared) {
      const auto added = preparing_.emplace(sql, "duka" + std::to_string(++named_)).first;
      if (!PQsendPrepare(conn_, added->second.c_str(), sql.c_str(), 0, nullptr))
        failSend("cannot send a statement");
      expected_.push_back(Expected{Expected::Kind::Prepare, sql, nullptr, nullptr});
      name = &added->second;
    }
  }
  const int sent =
      name ? PQsendQueryPrepared(conn_, name->c_str(), count, pointers_.data(), nullptr, nullptr, 0)
           : PQsendQueryParams(conn_, sql.c_str(), count, nullptr, pointers_.data(), nullptr,
                               nullptr, 0);
  if (!sent)
    failSend("cannot send a statement");
  expected_.push_back(std::move(run));
}

std::size_t PgConnection::collect() {
  if (inTransaction_ && wroteSinceAsked_ && transactionId_.empty()) {
    send(kAskTransactionId, {}, true,
         Expected{Expected::Kind::TransactionId, {}, nullptr, nullptr});
    wroteSinceAsked_ = false;
  }
  if (!PQpipelineSync(conn_))
    failSend("cannot send a statement");
  std::vector<Expected> expected;
  expected.swap(expected_);
  deferred_ = 0;
  std::exception_ptr error;  // the first failure, or the row callback's exception
  std::size_t count = 0;     // the caller's own run's
  std::size_t index = 0;     // the expected result being read
  for (;;) {
    PGresult* raw = PQgetResult(conn_);
    if (raw == nullptr) {
      if (PQstatus(conn_) != CONNECTION_OK)
        throw DatabaseUnavailable("PostgreSQL: the connection was lost: " +
                                  trimmed(PQerrorMessage(conn_)));
      ++index;  // that result is complete
      continue;
    }
    const Result result{raw};
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_PIPELINE_SYNC)
      break;
    if (index >= expected.size())
      continue;  // nothing expected of it (not sent by this connection)
    const Expected& what = expected[index];
    if (what.kind == Expected::Kind::Prepare) {
      if (status == PGRES_COMMAND_OK)
        prepared_[what.sql] = preparing_[what.sql];
      preparing_.erase(what.sql);
    }
    if (status == PGRES_FATAL_ERROR) {
      if (!error)
        error = errorOf(raw);
      continue;
    }
    if (what.kind == Expected::Kind::TransactionId && status == PGRES_TUPLES_OK &&
        PQntuples(raw) == 1 && !PQgetisnull(raw, 0, 0))
      transactionId_ = PQgetvalue(raw, 0, 0);
    if (status == PGRES_PIPELINE_ABORTED || status == PGRES_NONFATAL_ERROR || error ||
        what.kind != Expected::Kind::Run)
      continue;
    std::size_t rowsOfThis = 0;
    if (status == PGRES_TUPLES_OK) {
      const int rows = PQntuples(raw);
      rowsOfThis = static_cast<std::size_t>(rows);
      if (what.insertedId != nullptr && rows > 0)
        *what.insertedId = PgRow(raw, 0).integer(0);
      try {
        for (int row = 0; what.onRow && *what.onRow && row < rows; ++row)
          (*what.onRow)(PgRow(raw, row));
      } catch (...) {
        error = std::current_exception();
      }
    } else {
      const char* changed = PQcmdTuples(raw);
      std::from_chars(changed, changed + std::strlen(changed), rowsOfThis);
    }
    if (what.ticket != 0)
      counts_[what.ticket] = rowsOfThis;
    else
      count = rowsOfThis;
  }
  if (error)
    std::rethrow_exception(error);
  return count;
}

void PgConnection::begin() {
  beginPending_ = true;
  inTransaction_ = true;
  counts_.clear();
  transactionId_.clear();
  wroteSinceAsked_ = false;
}

void PgConnection::commit() {
  if (beginPending_ && expected_.empty()) {  // nothing ran: nothing to commit
    inTransaction_ = false;
    beginPending_ = false;
    return;
  }
  // COMMIT of a transaction in which a statement failed rolls it back without an error:
  // refuse to call that a commit.
  if (expected_.empty() && PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    inTransaction_ = false;
    rollback();
    throw SqlError(SqlError::Kind::Other,
                   "PostgreSQL: a statement of the transaction failed; it was rolled back");
  }
  // The transaction's id must be known before the COMMIT goes. A transaction whose writes
  // all wait for the COMMIT pays one round trip for it here; most learned it with a read.
  if (wroteSinceAsked_ && transactionId_.empty())
    collect();
  inTransaction_ = false;
  // The deferred statements go with the COMMIT; one that failed aborts the pipeline up to
  // the sync, the COMMIT with it, and collect() throws its error. Should the server have
  // answered otherwise, say so.
  try {
    execute("COMMIT");
  } catch (const DatabaseUnavailable& e) {
    if (transactionId_.empty() || PQstatus(conn_) == CONNECTION_OK)
      throw;  // a refusal (a serialization failure): the transaction did not commit
    commitCutOff(e);
    return;
  }
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE)
    throw SqlError(SqlError::Kind::Other, "PostgreSQL: the transaction did not commit");
}

void PgConnection::commitCutOff(const DatabaseUnavailable& broken) {
  expected_.clear();
  broken_ = true;
  const std::string what = broken.what();
  switch (askCommitOutcome(conninfo_, {transactionId_, serverStartedAt_}, kOutcomeWait)) {
    case CommitOutcome::Committed:
      Poco::Logger::get("duka.db").warning(
          "the connection broke during COMMIT (%s); PostgreSQL says transaction %s committed", what,
          transactionId_);
      return;
    case CommitOutcome::Aborted:
      throw DatabaseUnavailable(what + "; PostgreSQL rolled the transaction back");
    case CommitOutcome::Unknown:
      break;
  }
  throw CommitOutcomeUnknown(what + "; whether transaction " + transactionId_ +
                             " committed could not be learned in " +
                             std::to_string(kOutcomeWait.count() / 1000) + " s");
}

void PgConnection::rollback() {
  inTransaction_ = false;
  if (beginPending_ && expected_.empty()) {
    beginPending_ = false;
    return;
  }
  beginPending_ = false;
  // A deferred statement that failed makes the pipeline skip this ROLLBACK (it aborts
  // everything up to the sync); the second one then ends the transaction.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (PQstatus(conn_) != CONNECTION_OK ||
        (expected_.empty() && PQtransactionStatus(conn_) == PQTRANS_IDLE))
      return;
    try {
      execute("ROLLBACK");
    } catch (const SqlError&) {
    }
  }
}

bool PgConnection::usable() const {
  return conn_ != nullptr && !broken_ && PQstatus(conn_) == CONNECTION_OK && !beginPending_ &&
         expected_.empty() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

}  // namespace duka::host
