#include "events/event_subscribers.hpp"

#include <Poco/Logger.h>

#include "events/event_pattern.hpp"

namespace duka::host {

void EventSubscribers::subscribe(const std::string& pattern, InTransactionHandler handler,
                                 std::shared_ptr<void> owner) {
  inTransaction_.push_back({std::move(owner), pattern, std::move(handler)});
}

void EventSubscribers::subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler,
                                            std::shared_ptr<void> owner) {
  afterCommit_.push_back({std::move(owner), pattern, std::move(handler)});
}

void EventSubscribers::runInTransaction(const Event& event, Transaction& transaction) const {
  for (const auto& subscription : inTransaction_) {
    if (matchesEventPattern(subscription.pattern, event.name))
      subscription.handler(event, transaction);
  }
}

void EventSubscribers::runAfterCommit(const Event& event) const {
  for (const auto& subscription : afterCommit_) {
    if (!matchesEventPattern(subscription.pattern, event.name))
      continue;
    try {
      subscription.handler(event);
    } catch (const std::exception& e) {
      Poco::Logger::get("duka.events")
          .error("after-commit subscriber to '%s' failed on %s (request %s): %s",
                 subscription.pattern, event.name, event.context.requestId, std::string(e.what()));
    }
  }
}

void EventSubscribers::held(std::size_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  held_ += count;
}

void EventSubscribers::released() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (--held_ == 0)
    none_.notify_all();
}

void EventSubscribers::waitUntilNoneHeld() {
  std::unique_lock<std::mutex> lock(mutex_);
  none_.wait(lock, [this] { return held_ == 0; });
}

void EventSubscribers::clear() {
  inTransaction_.clear();
  afterCommit_.clear();
}

}  // namespace duka::host
