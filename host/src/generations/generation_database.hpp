// GenerationDatabase: the Database one generation's plugins get. Reads and writes go to the
// process's SqlDatabase; a write carries the generation's subscribers, so an event's
// in-transaction subscribers are those of the generation that wrote it, and its after-commit
// ones too, however long the event waits in the queue.
#pragma once

#include <memory>

#include "db/sql_database.hpp"
#include "events/event_subscribers.hpp"

namespace duka::host {

class GenerationDatabase : public HostDatabase {
 public:
  GenerationDatabase(SqlDatabase& db, std::shared_ptr<EventSubscribers> subscribers)
      : db_(db), subscribers_(std::move(subscribers)) {}

  Backend backend() const override { return db_.backend(); }
  void write(const EventContext& context, const std::function<void(Transaction&)>& fn) override {
    db_.write(subscribers_, context, fn);
  }

 protected:
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override {
    return db_.runStatement(sql, values, onRow, insertedId);
  }

 private:
  SqlDatabase& db_;
  std::shared_ptr<EventSubscribers> subscribers_;
};

}  // namespace duka::host
