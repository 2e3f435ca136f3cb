#include "duka/facility/call_deadline.hpp"

#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace duka {

namespace {

// Reaper shuts down the sockets whose deadline passed. A deadline is removed under the
// mutex before its socket can close, so the reaper never touches a closed (or reused) fd.
class Reaper {
 public:
  static Reaper& instance() {
    static Reaper reaper;
    return reaper;
  }

  std::uint64_t watch(poco_socket_t fd, CallDeadline::Clock::time_point at) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++last_;
    watched_.emplace(id, Watch{fd, at});
    byTime_.emplace(at, id);
    if (!thread_.joinable())
      thread_ = std::thread([this] { run(); });
    wake_.notify_one();
    return id;
  }

  void forget(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto found = watched_.find(id);
    if (found != watched_.end()) {
      byTime_.erase({found->second.at, id});
      watched_.erase(found);
    }
    passed_.erase(id);
  }

  bool passed(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    return passed_.count(id) > 0;
  }

  ~Reaper() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable())
      thread_.join();
  }

 private:
  struct Watch {
    poco_socket_t fd;
    CallDeadline::Clock::time_point at;
  };

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (byTime_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const auto [at, id] = *byTime_.begin();
      if (CallDeadline::Clock::now() < at) {
        wake_.wait_until(lock, at);
        continue;
      }
      byTime_.erase(byTime_.begin());
      const auto found = watched_.find(id);
      ::shutdown(found->second.fd, SHUT_RDWR);
      watched_.erase(found);
      passed_.insert(id);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::uint64_t, Watch> watched_;
  std::set<std::pair<CallDeadline::Clock::time_point, std::uint64_t>> byTime_;
  std::set<std::uint64_t> passed_;
  std::uint64_t last_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

CallDeadline::CallDeadline(const Poco::Net::Socket& socket, Clock::time_point at)
    : id_(Reaper::instance().watch(socket.impl()->sockfd(), at)) {}

CallDeadline::~CallDeadline() {
  Reaper::instance().forget(id_);
}

bool CallDeadline::passed() const {
  return Reaper::instance().passed(id_);
}

}  // namespace duka
