#include "db/connection_pool.hpp"

namespace duka::host {

ConnectionPool::ConnectionPool(Opener open, int size, std::chrono::milliseconds waitLimit)
    : open_(std::move(open)), size_(size), waitLimit_(waitLimit) {}

std::unique_ptr<SqlConnection> ConnectionPool::leaseConnection() {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool got = available_.wait_for(
      lock, waitLimit_, [this] { return closed_ || !idle_.empty() || opened_ < size_; });
  if (closed_)
    throw DatabaseUnavailable("the database is closing");
  if (!got)
    throw DatabaseUnavailable("every database connection stayed busy");
  if (!idle_.empty()) {
    std::unique_ptr<SqlConnection> connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++opened_;
  lock.unlock();
  try {
    return open_();
  } catch (...) {
    lock.lock();
    --opened_;
    available_.notify_one();
    throw;
  }
}

DbSession ConnectionPool::lease() {
  std::unique_ptr<SqlConnection> connection = leaseConnection();
  SqlConnection& session = *connection;
  // The lease owns the connection until it gives it back.
  auto owned = std::make_shared<std::unique_ptr<SqlConnection>>(std::move(connection));
  return DbSession(session,
                   [self = shared_from_this(), owned] { self->giveBack(std::move(*owned)); });
}

void ConnectionPool::giveBack(std::unique_ptr<SqlConnection> connection) {
  bool keep = false;
  try {
    keep = connection && connection->usable();
  } catch (...) {
    keep = false;
  }
  std::unique_ptr<SqlConnection> closing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (keep && !closed_) {
      idle_.push_back(std::move(connection));
    } else {
      --opened_;
      closing = std::move(connection);
    }
  }
  available_.notify_one();
  // A closing connection is closed outside the lock.
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
  }
  available_.notify_all();
}

}  // namespace duka::host
