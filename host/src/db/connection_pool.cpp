#include "db/connection_pool.hpp"

namespace duka::host {

// Waiter is a lease waiting for a connection. A connection that comes back goes to the
// longest waiting lease directly, so that a lease arriving later never takes it first: under
// load, leases are served in arrival order and none waits much longer than the rest.
struct ConnectionPool::Waiter {
  std::condition_variable ready;
  std::unique_ptr<SqlConnection> connection;  // handed over by giveBack
  bool mayOpen = false;                       // or: a place to open a new one
};

ConnectionPool::ConnectionPool(Opener open, int size, std::chrono::milliseconds waitLimit)
    : open_(std::move(open)), size_(size), waitLimit_(waitLimit) {}

std::unique_ptr<SqlConnection> ConnectionPool::leaseConnection() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_)
    throw DatabaseUnavailable("the database is closing");
  bool open = false;
  std::unique_ptr<SqlConnection> connection;
  if (waiters_.empty() && !idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else if (waiters_.empty() && opened_ < size_) {
    ++opened_;
    open = true;
  } else {
    ++waits_;
    Waiter me;
    waiters_.push_back(&me);
    const bool served =
        me.ready.wait_for(lock, waitLimit_, [&] { return closed_ || me.connection || me.mayOpen; });
    if (!me.connection && !me.mayOpen)
      std::erase(waiters_, &me);
    if (me.connection) {
      connection = std::move(me.connection);
    } else if (me.mayOpen) {
      open = true;  // giveBack counted it in opened_
    } else if (closed_) {
      throw DatabaseUnavailable("the database is closing");
    } else if (!served) {
      ++waitTimeouts_;
      throw DatabaseUnavailable("every database connection stayed busy");
    }
  }
  if (!open)
    return connection;
  lock.unlock();
  try {
    return open_();
  } catch (...) {
    lock.lock();
    --opened_;
    handOver(lock);
    throw;
  }
}

void ConnectionPool::handOver(std::unique_lock<std::mutex>&) {
  // Called with the lock held, after a connection came back or a place opened up.
  while (!waiters_.empty()) {
    Waiter* next = waiters_.front();
    if (!idle_.empty()) {
      next->connection = std::move(idle_.back());
      idle_.pop_back();
    } else if (opened_ < size_) {
      ++opened_;
      next->mayOpen = true;
    } else {
      return;
    }
    waiters_.pop_front();
    next->ready.notify_one();
  }
}

void ConnectionPool::giveBack(std::unique_ptr<SqlConnection> connection) {
  bool keep = false;
  try {
    keep = connection && connection->usable();
  } catch (...) {
    keep = false;
  }
  std::unique_ptr<SqlConnection> closing;  // closed outside the lock
  std::unique_lock<std::mutex> lock(mutex_);
  if (keep && !closed_) {
    idle_.push_back(std::move(connection));
  } else {
    --opened_;
    closing = std::move(connection);
  }
  handOver(lock);
}

int ConnectionPool::opened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

int ConnectionPool::leased() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_ - static_cast<int>(idle_.size());
}

void ConnectionPool::close() {
  std::vector<std::unique_ptr<SqlConnection>> closing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    opened_ -= static_cast<int>(idle_.size());
    closing.swap(idle_);
    for (Waiter* waiter : waiters_)
      waiter->ready.notify_one();
    waiters_.clear();
  }
}

}  // namespace duka::host
