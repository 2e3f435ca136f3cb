// SqlTransaction: one open write transaction on a connection, the events published in it,
// its on-commit hooks, and the reads it made (ReadMemo). Who begins and ends it (SqlDatabase on
// PostgreSQL, the SqliteWriter's savepoints on SQLite) is not its business.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "db/read_memo.hpp"
#include "db/sql_connection.hpp"
#include "duka/database.hpp"
#include "events/event_subscribers.hpp"

namespace duka::host {

class SqlTransaction : public Transaction {
 public:
  // subscribers are the writing generation's: its in-transaction subscribers run on publish.
  SqlTransaction(SqlConnection& connection, EventContext context,
                 const EventSubscribers& subscribers);

  Backend backend() const { return connection_.backend(); }
  const EventContext& context() const override { return context_; }
  void onCommit(std::function<void()> fn) override { committed_.push_back(std::move(fn)); }

  std::vector<Event> takeEvents() { return std::move(published_); }
  std::vector<std::function<void()>> takeCommitHooks() { return std::move(committed_); }

 protected:
  // runStatement runs sql on the connection, or answers a read made before from the
  // transaction's ReadMemo.
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override;
  void publishJson(const std::string& name, Poco::JSON::Object::Ptr payload) override;

 private:
  SqlConnection& connection_;
  EventContext context_;
  const EventSubscribers& subscribers_;
  std::vector<Event> published_;
  std::vector<std::function<void()>> committed_;
  ReadMemo reads_;
};

// runCommitHooks runs a committed writer's onCommit functions on its own thread; one that
// throws is logged and the rest still run.
void runCommitHooks(std::vector<std::function<void()>> hooks);

// insideWrite marks a thread that runs write transactions: a caller inside
// Database::write(), or the SQLite writer thread. A write from such a thread would wait for
// itself.
bool& insideWrite();

}  // namespace duka::host
