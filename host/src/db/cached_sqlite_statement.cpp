#include "db/cached_sqlite_statement.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/String.h>
#include <sqlite3.h>

#include <utility>

namespace duka::host {

using Poco::Data::SQLite::Utility;

namespace {

// describeColumns lists a compiled statement's result columns as Poco describes them.
std::shared_ptr<const MetaColumns> describeColumns(sqlite3_stmt* statement) {
  auto columns = std::make_shared<MetaColumns>();
  if (statement == nullptr)
    return columns;
  const int count = sqlite3_column_count(statement);
  columns->reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    columns->emplace_back(static_cast<std::size_t>(i), sqlite3_column_name(statement, i),
                          Utility::getColumnType(statement, static_cast<std::size_t>(i)));
  }
  return columns;
}

bool returnsColumns(const CompiledStatement& compiled) {
  return compiled.columns && !compiled.columns->empty();
}

}  // namespace

CachedSqliteStatement::CachedSqliteStatement(Poco::Data::SessionImpl& session, sqlite3* db,
                                             std::shared_ptr<SqliteStatementCache> cache)
    : Poco::Data::StatementImpl(session), db_(db), cache_(std::move(cache)) {
  columns_.resize(1);
}

CachedSqliteStatement::~CachedSqliteStatement() {
  release();
}

void CachedSqliteStatement::compileImpl() {
  const bool wholeText = !leftover_;
  if (wholeText)
    bindBegin_ = bindings().begin();
  std::string text = wholeText ? toString() : *leftover_;
  if (text.empty())
    throw Poco::Data::SQLite::InvalidSQLStatementException("Empty statements are illegal");

  // A query without into() is described by its columns before it first steps (Poco makes
  // an extraction per column), which a kept statement could only tell from before a schema
  // change: such queries are compiled anew each time. Everything else may come from the cache.
  const bool describedByColumns = extractions().empty();
  if (wholeText && statement_ != nullptr && cacheKey_ == text)
    release();  // run again (Poco resets a finished Statement): take the same one back below
  CompiledStatement compiled;
  std::string rest;
  std::optional<CompiledStatement> cached = wholeText ? cache_->take(text) : std::nullopt;
  // runSql keeps its statements without describing their columns.
  if (cached && !cached->columns)
    cached->columns = describeColumns(cached->statement);
  if (cached && describedByColumns && returnsColumns(*cached)) {
    sqlite3_finalize(cached->statement);
    cached.reset();
  }
  if (cached)
    compiled = std::move(*cached);
  else
    rest = compileFresh(text, compiled);  // throws, leaving this statement as it was

  release();
  statement_ = compiled.statement;
  statementColumns_ = compiled.columns;
  // Only a text of exactly one statement goes back to the cache under that text.
  if (wholeText && rest.empty() && statement_ != nullptr &&
      !(describedByColumns && returnsColumns(compiled)))
    cacheKey_ = std::move(text);
  canCompile_ = !rest.empty();
  if (canCompile_)
    leftover_ = std::move(rest);

  binder_ = new Poco::Data::SQLite::Binder(statement_);
  extractor_ = new Poco::Data::SQLite::Extractor(statement_);

  if (nextResponse_ == SQLITE_DONE && isExtracted_ && hasMoreDataSets()) {
    // The previous statement of the text produced rows: this one fills the next data set.
    activateNextDataSet();
    isExtracted_ = false;
  }
  if (returnsColumns(compiled))
    describeCurrentDataSet(std::move(compiled.columns));
}

void CachedSqliteStatement::describeCurrentDataSet(std::shared_ptr<const MetaColumns> columns) {
  const std::size_t dataSet = currentDataSet();
  if (dataSet >= columns_.size())
    columns_.resize(dataSet + 1);
  columns_[dataSet] = std::move(columns);
}

std::string CachedSqliteStatement::compileFresh(const std::string& text,
                                                CompiledStatement& compiled) {
  const char* sql = text.c_str();
  const char* tail = nullptr;
  sqlite3_stmt* statement = nullptr;
  for (;;) {
    const int rc = sqlite3_prepare_v2(db_, sql, -1, &statement, &tail);
    if (rc != SQLITE_OK) {
      if (statement != nullptr)
        sqlite3_finalize(statement);
      const std::string message = sqlite3_errmsg(db_);
      Utility::throwException(db_, rc, message);
    }
    // A text of only comments or white space compiles to no statement.
    if (statement != nullptr || *tail == '\0')
      break;
    sql = tail;
  }
  std::string rest(tail);
  Poco::trimInPlace(rest);

  compiled.statement = statement;
  compiled.columns = describeColumns(statement);
  return rest;
}

void CachedSqliteStatement::release() noexcept {
  const std::size_t dataSet = currentDataSet();
  if (dataSet < columns_.size())
    columns_[dataSet].reset();
  affectedRows_ = kUnknownRowCount;
  leftover_.reset();
  if (statement_ == nullptr)
    return;
  sqlite3_stmt* statement = std::exchange(statement_, nullptr);
  std::shared_ptr<const MetaColumns> columns = std::move(statementColumns_);
  std::string key = std::exchange(cacheKey_, std::string());
  if (key.empty()) {
    sqlite3_finalize(statement);
    return;
  }
  cache_->keep(std::move(key), CompiledStatement{statement, std::move(columns)});
}

void CachedSqliteStatement::bindImpl() {
  stepCalled_ = false;
  nextResponse_ = 0;
  if (statement_ == nullptr)
    return;
  sqlite3_reset(statement_);

  const std::size_t parameters = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement_));
  if (parameters == 0) {
    canBind_ = false;
    return;
  }

  // The bindings from bindBegin_ that fill this statement's parameters (a text of several
  // statements takes them in order).
  Bindings::iterator bindEnd = bindings().end();
  std::size_t available = 0;
  Bindings::difference_type used = 0;
  for (auto it = bindBegin_; it != bindEnd; ++it) {
    available += (*it)->numOfColumnsHandled();
    if (available > parameters)
      break;
    ++used;
  }
  if (available < parameters)
    throw Poco::Data::SQLite::ParameterCountMismatchException();
  const Bindings::difference_type remaining = bindEnd - bindBegin_;
  if (used < remaining) {
    bindEnd = bindBegin_ + used;
    canBind_ = true;
  } else if (used > remaining) {
    throw Poco::Data::SQLite::ParameterCountMismatchException();
  }

  if (bindBegin_ == bindings().end())
    return;
  const std::size_t rows = (*bindBegin_)->numOfRowsHandled();
  const Bindings::iterator first = bindBegin_;
  for (std::size_t position = 1; bindBegin_ != bindEnd && (*bindBegin_)->canBind(); ++bindBegin_) {
    if ((*bindBegin_)->numOfRowsHandled() != rows)
      throw Poco::Data::BindingException(
          "Size mismatch in Bindings. All Bindings MUST have the same size");
    std::size_t named = 0;
    if (!(*bindBegin_)->name().empty())
      named = static_cast<std::size_t>(
          sqlite3_bind_parameter_index(statement_, (*bindBegin_)->name().c_str()));
    (*bindBegin_)->bind(named != 0 ? named : position);
    position += (*bindBegin_)->numOfColumnsHandled();
  }
  if ((*first)->canBind()) {
    bindBegin_ = first;  // a container binding comes back for its next rows
    canBind_ = true;
  } else {
    canBind_ = false;
  }
}

bool CachedSqliteStatement::hasNext() {
  if (stepCalled_)
    return nextResponse_ == SQLITE_ROW;
  stepCalled_ = true;
  if (statement_ == nullptr) {  // a text of only comments, or CREATE ... IF NOT EXISTS
    nextResponse_ = SQLITE_DONE;
    return false;
  }
  nextResponse_ = sqlite3_step(statement_);
  if (sqlite3_stmt_status(statement_, SQLITE_STMTSTATUS_REPREPARE, 1) > 0) {
    // The schema changed since the statement was compiled and SQLite compiled it again
    // (a cached `SELECT *` may now return other columns): describe them anew.
    statementColumns_ = describeColumns(statement_);
    describeCurrentDataSet(statementColumns_);
  }
  if (affectedRows_ == kUnknownRowCount)
    affectedRows_ = 0;
  if (!sqlite3_stmt_readonly(statement_))
    affectedRows_ += sqlite3_changes(db_);
  if (nextResponse_ != SQLITE_ROW && nextResponse_ != SQLITE_OK && nextResponse_ != SQLITE_DONE)
    Utility::throwException(db_, nextResponse_);
  extractor_->reset();  // forget the null indicators of the previous row
  return nextResponse_ == SQLITE_ROW;
}

std::size_t CachedSqliteStatement::next() {
  if (nextResponse_ == SQLITE_DONE)
    throw Poco::Data::DataException("No data received");
  if (nextResponse_ != SQLITE_ROW)
    Utility::throwException(db_, nextResponse_, "Iterator Error: trying to access the next value");
  poco_assert(columnsReturned() == static_cast<std::size_t>(sqlite3_column_count(statement_)));
  Poco::Data::AbstractExtractionVec& extracts = extractions();
  std::size_t position = 0;
  for (auto& extraction : extracts) {
    extraction->extract(position);
    position += extraction->numOfColumnsHandled();
    isExtracted_ = true;
  }
  stepCalled_ = false;
  if (affectedRows_ == kUnknownRowCount)
    affectedRows_ = 0;
  if (!extracts.empty())
    affectedRows_ += static_cast<int>(extracts.front()->numOfRowsHandled());
  return 1;
}

std::size_t CachedSqliteStatement::columnsReturned() const {
  const std::size_t dataSet = currentDataSet();
  if (dataSet >= columns_.size() || !columns_[dataSet])
    return 0;
  return columns_[dataSet]->size();
}

const Poco::Data::MetaColumn& CachedSqliteStatement::metaColumn(std::size_t pos) const {
  const std::size_t dataSet = currentDataSet();
  poco_assert(dataSet < columns_.size() && columns_[dataSet] && pos < columns_[dataSet]->size());
  return (*columns_[dataSet])[pos];
}

int CachedSqliteStatement::affectedRowCount() const {
  if (affectedRows_ != kUnknownRowCount)
    return affectedRows_;
  return statement_ == nullptr || sqlite3_stmt_readonly(statement_) ? 0 : sqlite3_changes(db_);
}

}  // namespace duka::host
