#include "events/event_dispatcher.hpp"

#include "events/event_pattern.hpp"

namespace duka::host {

EventDispatcher::EventDispatcher() : log_(Poco::Logger::get("duka.events")) {}

EventDispatcher::~EventDispatcher() {
  stop();
}

void EventDispatcher::subscribe(const std::string& pattern, InTransactionHandler handler,
                                std::shared_ptr<void> owner) {
  inTransaction_.push_back({std::move(owner), pattern, std::move(handler)});
}

void EventDispatcher::subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler,
                                           std::shared_ptr<void> owner) {
  afterCommitSubscribers_.push_back({std::move(owner), pattern, std::move(handler)});
}

void EventDispatcher::runInTransaction(const Event& event, Transaction& transaction) const {
  for (const auto& subscription : inTransaction_) {
    if (matchesEventPattern(subscription.pattern, event.name))
      subscription.handler(event, transaction);
  }
}

void EventDispatcher::afterCommit(std::vector<Event> events) {
  if (events.empty() || afterCommitSubscribers_.empty())
    return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& event : events)
      queue_.push_back(std::move(event));
  }
  wake_.notify_one();
}

void EventDispatcher::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (worker_.joinable())
    return;
  stopping_ = false;
  worker_ = std::thread([this] { runQueue(); });
}

void EventDispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable())
    worker_.join();
}

void EventDispatcher::clear() {
  inTransaction_.clear();
  afterCommitSubscribers_.clear();
}

void EventDispatcher::runQueue() {
  for (;;) {
    Event event;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping, and everything queued has run
      event = std::move(queue_.front());
      queue_.pop_front();
    }
    for (const auto& subscription : afterCommitSubscribers_) {
      if (!matchesEventPattern(subscription.pattern, event.name))
        continue;
      try {
        subscription.handler(event);
      } catch (const std::exception& e) {
        log_.error("after-commit subscriber to '%s' failed on %s (request %s): %s",
                   subscription.pattern, event.name, event.context.requestId,
                   std::string(e.what()));
      }
    }
  }
}

}  // namespace duka::host
