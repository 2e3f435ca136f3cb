#include "db/connection_pool.hpp"

#include "duka/http.hpp"

namespace duka::host {

ConnectionPool::ConnectionPool(Opener open, int size, std::chrono::milliseconds waitLimit)
    : open_(std::move(open)), size_(size), waitLimit_(waitLimit) {}

DbSession ConnectionPool::lease() {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool got = available_.wait_for(
      lock, waitLimit_, [this] { return closed_ || !idle_.empty() || opened_ < size_; });
  if (!got || closed_)
    throw serviceUnavailable("The database is busy; try again.");

  auto self = shared_from_this();
  if (!idle_.empty()) {
    Poco::Data::Session session = idle_.back();
    idle_.pop_back();
    return DbSession(session, [self, session]() { self->giveBack(session); });
  }
  ++opened_;
  lock.unlock();
  try {
    Poco::Data::Session session = open_();
    return DbSession(session, [self, session]() { self->giveBack(session); });
  } catch (...) {
    lock.lock();
    --opened_;
    available_.notify_one();
    throw;
  }
}

void ConnectionPool::giveBack(Poco::Data::Session session) {
  bool keep = false;
  try {
    keep = session.isConnected();
  } catch (...) {
    keep = false;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (keep && !closed_) {
    idle_.push_back(session);
  } else {
    --opened_;
    try {
      session.close();
    } catch (...) {
    }
  }
  available_.notify_one();
}

void ConnectionPool::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  for (auto& session : idle_) {
    try {
      session.close();
    } catch (...) {
    }
  }
  opened_ -= static_cast<int>(idle_.size());
  idle_.clear();
  available_.notify_all();
}

}  // namespace duka::host
