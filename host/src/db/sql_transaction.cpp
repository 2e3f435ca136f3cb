#include "db/sql_transaction.hpp"

#include <Poco/Logger.h>

namespace duka::host {

SqlTransaction::SqlTransaction(SqlConnection& connection, EventContext context,
                               const EventSubscribers& subscribers)
    : connection_(connection), context_(std::move(context)), subscribers_(subscribers) {}

RowCount SqlTransaction::runStatement(std::string_view sql, std::span<const SqlValue> values,
                                      const SqlRowCallback& onRow, std::int64_t* insertedId) {
  // The table is copied: a row callback may run statements of its own.
  std::optional<std::string> table;
  if (onRow && insertedId == nullptr)
    table = ReadMemo::statementOf(sql).tableRead;
  if (!table) {
    reads_.wrote(sql);
    return connection_.runStatement(sql, values, onRow, insertedId);
  }
  std::size_t rows = 0;
  if (reads_.replay(sql, values, onRow, rows))
    return RowCount(nullptr, 0, rows);
  ReadMemo::Capture capture;
  // SqlRowCallback refers to its function without owning it: the lambda is named first.
  const auto captureRow = [&](const SqlRow& row) {
    onRow(row);
    capture.add(row);
  };
  const SqlRowCallback capturing = captureRow;
  const std::size_t read = connection_.runStatement(sql, values, capturing, nullptr);
  reads_.remember(std::move(*table), sql, values, std::move(capture));
  return RowCount(nullptr, 0, read);
}

void SqlTransaction::publishJson(const std::string& name, Poco::JSON::Object::Ptr payload) {
  Event event{name, std::move(payload), context_, nowRfc3339()};
  published_.push_back(event);
  subscribers_.runInTransaction(event, *this);
}

void runCommitHooks(std::vector<std::function<void()>> hooks) {
  for (auto& hook : hooks) {
    try {
      hook();
    } catch (const std::exception& e) {
      Poco::Logger::get("duka.db").error("an on-commit hook threw: %s", std::string(e.what()));
    }
  }
}

bool& insideWrite() {
  thread_local bool writing = false;
  return writing;
}

}  // namespace duka::host
