#include "events/event_dispatcher.hpp"

namespace duka::host {

EventDispatcher::~EventDispatcher() {
  stop();
}

void EventDispatcher::afterCommit(const std::shared_ptr<EventSubscribers>& subscribers,
                                  std::vector<Event> events) {
  if (events.empty() || !subscribers || !subscribers->hasAfterCommit())
    return;
  subscribers->held(events.size());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& event : events)
      queue_.push_back({subscribers, std::move(event)});
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

void EventDispatcher::runQueue() {
  for (;;) {
    Queued next;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // stopping, and everything queued has run
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    next.subscribers->runAfterCommit(next.event);
    next.subscribers->released();
  }
}

}  // namespace duka::host
