// SqlDatabase: the configured backend (SQLite or PostgreSQL) behind the SDK's Database: a
// pool of connections for reads, and writes through the SqliteWriter (SQLite) or in a
// transaction of their own on a pooled connection (PostgreSQL, where writers run side by
// side).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "config/host_config.hpp"
#include "db/connection_pool.hpp"
#include "db/host_database.hpp"
#include "db/sqlite_writer.hpp"
#include "db/wal_checkpointer.hpp"
#include "events/event_dispatcher.hpp"
#include "events/event_subscribers.hpp"

namespace duka::host {

// backendName is the backend as [database] backend names it: "sqlite" or "postgresql".
const char* backendName(Backend backend);

class SqlDatabase : public HostDatabase {
 public:
  // open connects once to check the database answers; failures throw std::runtime_error
  // with the cause (never the connection string, which may hold a password). events runs
  // the after-commit subscribers of every write.
  static std::unique_ptr<SqlDatabase> open(const DatabaseConfig& config, EventDispatcher& events,
                                           std::chrono::milliseconds leaseWait);
  ~SqlDatabase() override;

  Backend backend() const override { return backend_; }
  // lease is a pooled connection for the host's own reads (the health check, tests).
  ConnectionPool::Lease lease() { return pool_->lease(); }
  // write runs fn with the subscribers of a generation (GenerationDatabase); the plain
  // write() has none (the host's own writes publish nothing).
  void write(const std::shared_ptr<EventSubscribers>& subscribers, const EventContext& context,
             const std::function<void(Transaction&)>& fn);
  void write(const EventContext& context, const std::function<void(Transaction&)>& fn) override {
    write(noSubscribers_, context, fn);
  }

  // ping tells whether the database answers a trivial query now.
  bool ping();
  void close();
  // writesQueued is how many writes wait for the SQLite writer (0 on PostgreSQL).
  std::size_t writesQueued() const { return writer_ ? writer_->queued() : 0; }
  const ConnectionPool& pool() const { return *pool_; }
  // writer is the SQLite writer thread's state, nullptr on PostgreSQL.
  const SqliteWriter* writer() const { return writer_.get(); }

 private:
  SqlDatabase(Backend backend, std::shared_ptr<ConnectionPool> pool, EventDispatcher& events);

  // runStatement runs a read on a connection leased for it.
  RowCount runStatement(std::string_view sql, std::span<const SqlValue> values,
                        const SqlRowCallback& onRow, std::int64_t* insertedId) override;
  // writeAlone runs fn in a transaction of its own on a pooled connection (PostgreSQL).
  void writeAlone(const std::shared_ptr<EventSubscribers>& subscribers, const EventContext& context,
                  const std::function<void(Transaction&)>& fn);
  friend class GenerationDatabase;  // reads through runStatement

  Backend backend_;
  std::shared_ptr<ConnectionPool> pool_;
  std::shared_ptr<WalCheckpointer> checkpointer_;  // SQLite only
  std::unique_ptr<SqliteWriter> writer_;           // SQLite only
  EventDispatcher& events_;
  std::shared_ptr<EventSubscribers> noSubscribers_ = std::make_shared<EventSubscribers>();
};

}  // namespace duka::host
