// CachedSqliteStatement: Poco::Data's statement for SQLite, taking its compiled statements
// from the connection's SqliteStatementCache and handing them back instead of finalizing
// them. Binding, stepping, extraction, affected-row counts and texts holding several
// statements behave as in Poco's own SQLiteStatementImpl (docs/design/statement-cache.md).
#pragma once

#include <Poco/Data/SQLite/Binder.h>
#include <Poco/Data/SQLite/Extractor.h>
#include <Poco/Data/StatementImpl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/sqlite_statement_cache.hpp"

namespace duka::host {

class CachedSqliteStatement : public Poco::Data::StatementImpl {
 public:
  CachedSqliteStatement(Poco::Data::SessionImpl& session, sqlite3* db,
                        std::shared_ptr<SqliteStatementCache> cache);
  ~CachedSqliteStatement() override;

 protected:
  std::size_t columnsReturned() const override;
  int affectedRowCount() const override;
  const Poco::Data::MetaColumn& metaColumn(std::size_t pos) const override;
  bool hasNext() override;
  std::size_t next() override;
  bool canBind() const override { return canBind_; }
  bool canCompile() const override { return canCompile_; }
  void compileImpl() override;
  void bindImpl() override;
  Poco::Data::AbstractExtraction::ExtractorPtr extractor() override { return extractor_; }
  Poco::Data::AbstractBinding::BinderPtr binder() override { return binder_; }

 private:
  using Bindings = Poco::Data::AbstractBindingVec;

  // compileFresh compiles the next statement of text with sqlite3_prepare_v2; it returns
  // the rest of the text (trimmed) after that statement.
  std::string compileFresh(const std::string& text, CompiledStatement& compiled);
  // release hands the current statement back to the cache (a whole text of one statement)
  // or finalizes it.
  void release() noexcept;
  // describeCurrentDataSet makes columns the description of the current data set.
  void describeCurrentDataSet(std::shared_ptr<const MetaColumns> columns);

  sqlite3* db_;
  std::shared_ptr<SqliteStatementCache> cache_;
  sqlite3_stmt* statement_ = nullptr;
  std::shared_ptr<const MetaColumns> statementColumns_;  // the result columns of statement_
  // cacheKey_ is the text the current statement was compiled from when that text holds
  // exactly this one statement; empty when the statement must be finalized instead.
  std::string cacheKey_;
  std::optional<std::string> leftover_;  // the statements of the text not yet compiled
  bool stepCalled_ = false;
  int nextResponse_ = 0;
  Poco::SharedPtr<Poco::Data::SQLite::Binder> binder_;
  Poco::SharedPtr<Poco::Data::SQLite::Extractor> extractor_;
  // The result columns of each data set (one per statement of the text).
  std::vector<std::shared_ptr<const MetaColumns>> columns_;
  int affectedRows_ = kUnknownRowCount;
  Bindings::iterator bindBegin_;
  bool canBind_ = false;
  bool isExtracted_ = false;
  bool canCompile_ = true;

  static constexpr int kUnknownRowCount = -1;
};

}  // namespace duka::host
