// SqlDatabase: the configured backend (SQLite or PostgreSQL) behind the SDK's Database.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/host_config.hpp"
#include "db/connection_pool.hpp"
#include "db/wal_checkpointer.hpp"
#include "duka/database.hpp"
#include "events/event_dispatcher.hpp"

namespace duka::host {

class SqlDatabase : public Database {
 public:
  // open connects once to check the database answers; failures throw std::runtime_error
  // with the cause (never the connection string, which may hold a password).
  static std::unique_ptr<SqlDatabase> open(const DatabaseConfig& config, EventDispatcher& events,
                                           std::chrono::milliseconds leaseWait);
  ~SqlDatabase() override;

  Backend backend() const override { return backend_; }
  DbSession session() override;
  void write(const EventContext& context, const std::function<void(Transaction&)>& fn) override;

  // ping tells whether the database answers a trivial query now.
  bool ping();
  void close();

 private:
  SqlDatabase(Backend backend, std::shared_ptr<ConnectionPool> pool,
              std::shared_ptr<WalCheckpointer> checkpointer, EventDispatcher& events);

  struct PendingWrite;
  // writeAlone runs fn in a transaction of its own (PostgreSQL, where writers run side by
  // side). writeGrouped queues fn for the SQLite writer thread and waits: the writer runs
  // several writers' functions, each in a savepoint, under one COMMIT
  // (docs/design/group-commit.md).
  void writeAlone(const EventContext& context, const std::function<void(Transaction&)>& fn);
  void writeGrouped(const EventContext& context, const std::function<void(Transaction&)>& fn);
  // runWriter is the SQLite writer thread: it runs batch after batch while writers queue,
  // until close() and the queue is empty.
  void runWriter();
  // runBatch runs the members' functions and commits; it hands the committed events to the
  // after-commit subscribers and records each member's error or on-commit hooks. It never
  // throws.
  void runBatch(const std::vector<std::shared_ptr<PendingWrite>>& batch);
  // runHooks runs a committed writer's onCommit functions on its own thread.
  void runHooks(std::vector<std::function<void()>> hooks);

  Backend backend_;
  std::shared_ptr<ConnectionPool> pool_;
  std::shared_ptr<WalCheckpointer> checkpointer_;  // SQLite only
  EventDispatcher& events_;
  // The SQLite writers of this process queue for the one writer thread (SQLite has one
  // writer; queueing here is fair and immediate, where BEGIN IMMEDIATE's busy handler
  // sleeps).
  std::mutex queueMutex_;
  std::condition_variable queued_;
  std::deque<std::shared_ptr<PendingWrite>> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace duka::host
