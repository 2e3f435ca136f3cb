#include "socket_deadlines.hpp"

#include <sys/socket.h>

namespace duka::webhooks {

SocketDeadlines::SocketDeadlines() : thread_([this] { run(); }) {}

SocketDeadlines::~SocketDeadlines() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

SocketDeadlines::Watch SocketDeadlines::watch(const Poco::Net::Socket& socket,
                                              Clock::time_point deadline) {
  std::uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = ++next_;
    watched_[id] = {socket.impl()->sockfd(), deadline};
  }
  changed_.notify_all();
  return Watch(*this, id);
}

SocketDeadlines::Watch::~Watch() {
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  owner_->watched_.erase(id_);
}

bool SocketDeadlines::Watch::fired() const {
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  const auto found = owner_->watched_.find(id_);
  return found != owner_->watched_.end() && found->second.fired;
}

void SocketDeadlines::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto next = Clock::time_point::max();
    const auto now = Clock::now();
    for (auto& [id, watched] : watched_) {
      if (watched.fired)
        continue;
      if (watched.deadline <= now) {
        // The watch is alive (its destructor takes this mutex first), so the socket is open.
        ::shutdown(watched.fd, SHUT_RDWR);
        watched.fired = true;
      } else {
        next = std::min(next, watched.deadline);
      }
    }
    if (next == Clock::time_point::max())
      changed_.wait(lock);
    else
      changed_.wait_until(lock, next);
  }
}

}  // namespace duka::webhooks
