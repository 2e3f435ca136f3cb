// EventDispatcher: the host's event bus. In-transaction subscribers run synchronously in
// the publisher's transaction; after-commit subscribers run on one event thread, in order.
#pragma once

#include <Poco/Logger.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "duka/events.hpp"

namespace duka::host {

class EventDispatcher {
 public:
  EventDispatcher();
  ~EventDispatcher();

  // Subscriptions are made while plugins start (one thread); owner keeps the subscriber's
  // library loaded while the subscription lives.
  void subscribe(const std::string& pattern, InTransactionHandler handler,
                 std::shared_ptr<void> owner);
  void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler,
                            std::shared_ptr<void> owner);

  // runInTransaction calls the matching in-transaction subscribers; the first throw
  // propagates (and so vetoes the publisher's transaction).
  void runInTransaction(const Event& event, Transaction& transaction) const;
  // afterCommit queues committed events for the event thread.
  void afterCommit(std::vector<Event> events);

  void start();
  // stop runs what is queued, then ends the event thread.
  void stop();
  // clear drops every subscription (after the plugins stopped).
  void clear();

 private:
  template <class Handler>
  struct Subscription {
    std::shared_ptr<void> owner;  // first member: destroyed last, after the handler
    std::string pattern;
    Handler handler;
  };

  void runQueue();

  std::vector<Subscription<InTransactionHandler>> inTransaction_;
  std::vector<Subscription<AfterCommitHandler>> afterCommitSubscribers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Event> queue_;
  bool stopping_ = false;
  std::thread worker_;
  Poco::Logger& log_;
};

}  // namespace duka::host
