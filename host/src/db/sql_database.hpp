// SqlDatabase: the configured backend (SQLite or PostgreSQL) behind the SDK's Database.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "config/host_config.hpp"
#include "db/connection_pool.hpp"
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
  SqlDatabase(Backend backend, std::shared_ptr<ConnectionPool> pool, EventDispatcher& events);

  Backend backend_;
  std::shared_ptr<ConnectionPool> pool_;
  EventDispatcher& events_;
  // writer_ lets one SQLite write transaction run at a time in this process. SQLite has
  // one writer anyway; queueing here is fair and immediate, where BEGIN IMMEDIATE's busy
  // handler sleeps and retries with growing pauses (long tails under load).
  std::mutex writer_;
};

}  // namespace duka::host
