// ConnectionPool: a fixed number of database sessions, opened lazily, leased one at a time.
// Unlike Poco's SessionPool it waits for a free session instead of throwing at once.
#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "duka/database.hpp"

namespace duka::host {

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  using Opener = std::function<Poco::Data::Session()>;

  ConnectionPool(Opener open, int size, std::chrono::milliseconds waitLimit);

  // lease waits up to the wait limit for a session; past it, a 503 HttpError.
  DbSession lease();
  // close drops the idle sessions; leased ones close when they come back.
  void close();
  int size() const { return size_; }

 private:
  void giveBack(Poco::Data::Session session);

  Opener open_;
  const int size_;
  const std::chrono::milliseconds waitLimit_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Poco::Data::Session> idle_;
  int opened_ = 0;
  bool closed_ = false;
};

}  // namespace duka::host
