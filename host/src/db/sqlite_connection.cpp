#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <array>
#include <cctype>
#include <stdexcept>
#include <variant>

#include "host_api.hpp"

namespace duka::host {

namespace {

// StatementRow is the current row of a stepping statement seen as a SqlRow.
class StatementRow final : public SqlRow {
 public:
  explicit StatementRow(sqlite3_stmt* statement) : statement_(statement) {}

  int columns() const override { return sqlite3_column_count(statement_); }
  bool isNull(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  std::string text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return text == nullptr
               ? std::string()
               : std::string(text,
                             static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  sqlite3_stmt* statement_;
};

// bindValue binds one value to parameter `position` (from 1); text is not copied.
int bindValue(sqlite3_stmt* statement, int position, const SqlValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value))
    return sqlite3_bind_int64(statement, position, *number);
  if (const auto* text = std::get_if<std::string_view>(&value))
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    return sqlite3_bind_text(statement, position, text->empty() ? "" : text->data(),
                             static_cast<int>(text->size()), SQLITE_STATIC);
  return sqlite3_bind_null(statement, position);
}

bool blank(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, const std::string& synchronous,
                                   std::size_t capacity)
    : cache_(capacity) {
  const int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw DatabaseUnavailable("cannot open the SQLite database " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_update_hook(db_, &SqliteConnection::rowChanged, this);
  try {
    // WAL lets readers run beside the one writer; the busy timeout makes a writer of
    // another process wait for the first instead of failing; foreign keys are off by
    // default in SQLite.
    execute("PRAGMA journal_mode = WAL");
    execute("PRAGMA foreign_keys = ON");
    execute("PRAGMA busy_timeout = 10000");
    execute(synchronous == "normal" ? "PRAGMA synchronous = NORMAL"
            : synchronous == "off"  ? "PRAGMA synchronous = OFF"  // tests' many commits
                                    : "PRAGMA synchronous = FULL");
  } catch (...) {
    cache_.close();
    sqlite3_close_v2(db_);
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  // Compiled statements go before the connection does.
  cache_.close();
  sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int rc, std::string_view sql) const {
  const std::string message = std::string(sqlite3_errmsg(db_)) + " (" + std::string(sql) + ")";
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      throw SqlError(rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY
                         ? SqlError::Kind::UniqueViolation
                         : SqlError::Kind::ConstraintViolation,
                     message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
      throw DatabaseUnavailable("SQLite: " + message);
    default:
      throw SqlError(SqlError::Kind::Other, "SQLite: " + message);
  }
}

CompiledStatement SqliteConnection::compileOne(std::string_view sql) {
  if (auto cached = cache_.take(sql))
    return *cached;
  // Cached under the text as written; compiled with its portable tokens expanded.
  std::string expanded;
  if (hasPortableTokens(sql)) {
    expanded = sqlFor(Backend::Sqlite, std::string(sql));
    sql = expanded;
  }
  CompiledStatement compiled;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &compiled.statement, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(compiled.statement);
    fail(rc, sql);
  }
  // SQLite compiles the first statement of a text and leaves the rest unrun: refuse such a
  // text (and one of comments only) rather than run part of it.
  if (compiled.statement == nullptr ||
      !blank(std::string_view(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail)))) {
    sqlite3_finalize(compiled.statement);
    throw std::invalid_argument("one statement expected: " + std::string(sql));
  }
  return compiled;
}

void SqliteConnection::execute(std::string_view sql) {
  runStatement(sql, {}, {}, nullptr);
}

RowCount SqliteConnection::runStatement(std::string_view sql, std::span<const SqlValue> values,
                                        const SqlRowCallback& onRow, std::int64_t* insertedId) {
  if (const auto split = splitOf(sql))
    return runSplit(*split, values, onRow);
  return runAsWritten(sql, values, onRow, insertedId);
}

std::shared_ptr<const UpdateReturning> SqliteConnection::splitOf(std::string_view sql) {
  if (!startsWithWord(sql, "UPDATE")) {
    // A trigger created or dropped changes what a split may do.
    if (startsWithWord(sql, "CREATE") || startsWithWord(sql, "DROP") ||
        startsWithWord(sql, "ALTER"))
      splits_.clear();
    return nullptr;
  }
  auto found = splits_.find(sql);
  if (found == splits_.end()) {
    // The texts are the code's own; a plugin building them on the fly cannot grow this
    // past a bound.
    if (splits_.size() >= 4 * SqliteStatementCache::kDefaultCapacity)
      splits_.clear();
    std::optional<UpdateReturning> split = splitUpdateReturning(sql);
    if (split) {
      bool asWritten = false;
      runAsWritten(
          "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE "
          "UNION ALL SELECT 1 FROM sqlite_temp_master WHERE type = 'trigger' AND tbl_name = ?1 "
          "COLLATE NOCASE",
          std::array<SqlValue, 1>{std::string_view(split->table)},
          [&](const SqlRow&) { asWritten = true; }, nullptr);
      // The SELECT must compile too: a table WITHOUT ROWID has no rowid to find rows by.
      if (!asWritten) {
        try {
          cache_.keep(split->select, compileOne(split->select));
        } catch (const std::exception&) {
          asWritten = true;
        }
      }
      if (asWritten)
        split.reset();
    }
    found =
        splits_
            .emplace(std::string(sql),
                     split ? std::make_shared<const UpdateReturning>(std::move(*split)) : nullptr)
            .first;
  }
  return found->second;
}

RowCount SqliteConnection::runSplit(const UpdateReturning& split, std::span<const SqlValue> values,
                                    const SqlRowCallback& onRow) {
  changed_.clear();
  changing_ = &split.table;
  struct Stop {
    const std::string*& changing;
    ~Stop() { changing = nullptr; }
  } stop{changing_};
  runAsWritten(split.update, values, {}, nullptr);
  changing_ = nullptr;
  // A row's callback may run statements of its own.
  const std::vector<long long> rows = std::move(changed_);
  std::size_t count = 0;
  for (const long long rowid : rows) {
    const std::array<SqlValue, 1> id{static_cast<std::int64_t>(rowid)};
    count += runAsWritten(split.select, id, onRow, nullptr);
  }
  return RowCount(nullptr, 0, count);
}

void SqliteConnection::rowChanged(void* self, int operation, const char* /*database*/,
                                  const char* table, long long rowid) {
  auto* connection = static_cast<SqliteConnection*>(self);
  if (connection->changing_ != nullptr && operation == SQLITE_UPDATE &&
      sqlite3_stricmp(table, connection->changing_->c_str()) == 0)
    connection->changed_.push_back(rowid);
}

RowCount SqliteConnection::runAsWritten(std::string_view sql, std::span<const SqlValue> values,
                                        const SqlRowCallback& onRow, std::int64_t* insertedId) {
  CompiledStatement compiled = compileOne(sql);
  sqlite3_stmt* statement = compiled.statement;
  // The statement goes back to the cache (reset, its bindings cleared) however this ends.
  struct GiveBack {
    SqliteStatementCache& cache;
    std::string_view sql;
    CompiledStatement& compiled;
    ~GiveBack() { cache.keep(sql, compiled); }
  } giveBack{cache_, sql, compiled};

  const int parameters = sqlite3_bind_parameter_count(statement);
  if (static_cast<std::size_t>(parameters) != values.size())
    throw std::invalid_argument(std::to_string(values.size()) + " values for " +
                                std::to_string(parameters) + " parameters: " + std::string(sql));
  for (int i = 0; i < parameters; ++i) {
    const int rc = bindValue(statement, i + 1, values[static_cast<std::size_t>(i)]);
    if (rc != SQLITE_OK)
      fail(rc, sql);
  }

  std::size_t rows = 0;
  int rc = sqlite3_step(statement);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(statement)) {
    ++rows;
    if (onRow)
      onRow(StatementRow(statement));
  }
  if (rc != SQLITE_DONE)
    fail(sqlite3_extended_errcode(db_), sql);
  if (insertedId != nullptr)
    *insertedId = sqlite3_last_insert_rowid(db_);
  return RowCount(
      nullptr, 0,
      sqlite3_column_count(statement) > 0 ? rows : static_cast<std::size_t>(sqlite3_changes(db_)));
}

void SqliteConnection::rollback() {
  if (!sqlite3_get_autocommit(db_))
    execute("ROLLBACK");
}

bool SqliteConnection::usable() const {
  return db_ != nullptr && sqlite3_get_autocommit(db_) != 0;
}

}  // namespace duka::host
