// ConnectionPool: a fixed number of database connections, opened lazily, leased one at a
// time. A lease waits for a free connection up to a limit, then fails with
// DatabaseUnavailable; waiting leases are served in arrival order.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "db/sql_connection.hpp"
#include "duka/database.hpp"

namespace duka::host {

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  using Opener = std::function<std::unique_ptr<SqlConnection>()>;
  // Lease is a leased connection, given back when it goes.
  class Lease {
   public:
    Lease(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<SqlConnection> connection)
        : pool_(std::move(pool)), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_)
        pool_->giveBack(std::move(connection_));
    }
    SqlConnection& operator*() const { return *connection_; }
    SqlConnection* operator->() const { return connection_.get(); }

   private:
    std::shared_ptr<ConnectionPool> pool_;
    std::unique_ptr<SqlConnection> connection_;
  };

  ConnectionPool(Opener open, int size, std::chrono::milliseconds waitLimit);

  // lease waits up to the wait limit for a connection.
  Lease lease() { return Lease(shared_from_this(), leaseConnection()); }
  // leaseConnection is lease() without the giving back; give it back with giveBack.
  std::unique_ptr<SqlConnection> leaseConnection();
  // giveBack returns a leased connection; one that is not usable (lost, or left inside a
  // transaction) is closed instead.
  void giveBack(std::unique_ptr<SqlConnection> connection);
  // close drops the idle connections; leased ones close when they come back.
  void close();
  int size() const { return size_; }
  // opened is how many connections are open now; leased how many of them are in use.
  int opened() const;
  int leased() const;
  // waits counts the leases that found every connection busy and waited; waitTimeouts those
  // of them that waited past the limit (a 503).
  std::uint64_t waits() const { return waits_.load(std::memory_order_relaxed); }
  std::uint64_t waitTimeouts() const { return waitTimeouts_.load(std::memory_order_relaxed); }

 private:
  struct Waiter;
  // handOver gives the longest waiting leases what is free: an idle connection, or a place
  // to open one.
  void handOver(std::unique_lock<std::mutex>& lock);

  Opener open_;
  const int size_;
  const std::chrono::milliseconds waitLimit_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  std::deque<Waiter*> waiters_;  // oldest first
  int opened_ = 0;
  bool closed_ = false;
  std::atomic<std::uint64_t> waits_{0};
  std::atomic<std::uint64_t> waitTimeouts_{0};
};

}  // namespace duka::host
