// runSql and insertSql: the host's native SQLite path when the session offers one, a
// Poco::Data statement otherwise.
#include "duka/sql.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "duka/database.hpp"
#include "sqlite_last_insert_id.hpp"

namespace duka {

NativeSqlSession::~NativeSqlSession() = default;

namespace {

// RecordSetRow is one row of a Poco RecordSet seen as a SqlRow.
class RecordSetRow final : public SqlRow {
 public:
  RecordSetRow(Poco::Data::RecordSet& rows, std::size_t row) : rows_(rows), row_(row) {}

  bool isNull(int column) const override {
    return rows_.isNull(static_cast<std::size_t>(column), row_);
  }
  std::int64_t integer(int column) const override {
    return isNull(column)
               ? 0
               : rows_.value(static_cast<std::size_t>(column), row_).convert<Poco::Int64>();
  }
  std::string text(int column) const override {
    return isNull(column)
               ? std::string()
               : rows_.value(static_cast<std::size_t>(column), row_).convert<std::string>();
  }

 private:
  Poco::Data::RecordSet& rows_;
  std::size_t row_;
};

// bindAll binds each value to the next placeholder of a Poco statement (by copy).
void bindAll(Poco::Data::Statement& statement, std::span<const SqlValue> values) {
  using Poco::Data::Keywords::bind;
  for (const SqlValue& value : values) {
    if (std::holds_alternative<std::int64_t>(value))
      statement, bind(static_cast<Poco::Int64>(std::get<std::int64_t>(value)));
    else if (std::holds_alternative<std::string_view>(value))
      statement, bind(std::string(std::get<std::string_view>(value)));
    else
      statement, bind(Poco::Nullable<std::string>());
  }
}

std::size_t runWithPoco(Poco::Data::Session& session, std::string_view sql,
                        std::span<const SqlValue> values, const SqlRowCallback& onRow) {
  Poco::Data::Statement statement(session);
  statement << std::string(sql);
  bindAll(statement, values);
  const std::size_t changed = statement.execute();
  // A statement with result columns gets one extraction per column from Poco.
  if (statement.extractionCount() == 0)
    return changed;
  Poco::Data::RecordSet rows(statement);
  const std::size_t count = rows.rowCount();
  if (onRow) {
    for (std::size_t row = 0; row < count; ++row)
      onRow(RecordSetRow(rows, row));
  }
  return count;
}

NativeSqlSession* nativeOf(Poco::Data::Session& session) {
  return dynamic_cast<NativeSqlSession*>(session.impl());
}

}  // namespace

std::size_t runSql(Poco::Data::Session& session, std::string_view sql,
                   std::span<const SqlValue> values, SqlRowCallback onRow) {
  if (NativeSqlSession* native = nativeOf(session))
    return native->run(sql, values, onRow, nullptr);
  return runWithPoco(session, sql, values, onRow);
}

std::int64_t insertSql(Transaction& tx, std::string_view sql, std::span<const SqlValue> values) {
  Poco::Data::Session& session = tx.session();
  std::int64_t id = 0;
  if (NativeSqlSession* native = nativeOf(session)) {
    native->run(sql, values, {}, &id);
  } else if (tx.backend() == Backend::Postgresql) {
    runWithPoco(session, std::string(sql) + " RETURNING id", values,
                [&](const SqlRow& row) { id = row.integer(0); });
  } else {
    runWithPoco(session, sql, values, {});
    id = detail::sqliteLastInsertId(session);
  }
  return id;
}

}  // namespace duka
