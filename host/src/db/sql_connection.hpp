// SqlConnection: one native database connection of the host (SQLite or libpq) as the
// SDK's SqlSession, plus what only the host does with it: statements without values
// (transaction control, migrations) and the connection's health.
#pragma once

#include <string_view>

#include "duka/sql.hpp"

namespace duka::host {

class SqlConnection : public SqlSession {
 public:
  // execute runs one statement without values or result rows (BEGIN, COMMIT, DDL).
  virtual Backend backend() const = 0;
  virtual void execute(std::string_view sql) = 0;
  // begin opens a write transaction: BEGIN IMMEDIATE on SQLite, which takes the write lock
  // at once; BEGIN on PostgreSQL, sent with the transaction's first statement.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // usable tells whether the connection may go back to the pool: connected, and no
  // transaction left open.
  virtual bool usable() const = 0;

  // runStatement is SqlSession's, public for the host's transactions that run on this.
  using SqlSession::runStatement;
};

}  // namespace duka::host
