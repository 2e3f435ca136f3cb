// EventDispatcher: the after-commit thread. Committed events are queued with the
// subscribers of the generation that wrote them, and run on one thread, in commit order.
#pragma once

#include <Poco/Logger.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "events/event_subscribers.hpp"

namespace duka::host {

class EventDispatcher {
 public:
  EventDispatcher() = default;
  ~EventDispatcher();

  // afterCommit queues committed events for subscribers' after-commit handlers.
  void afterCommit(const std::shared_ptr<EventSubscribers>& subscribers, std::vector<Event> events);

  void start();
  // stop runs what is queued, then ends the event thread.
  void stop();

 private:
  struct Queued {
    std::shared_ptr<EventSubscribers> subscribers;
    Event event;
  };

  void runQueue();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace duka::host
