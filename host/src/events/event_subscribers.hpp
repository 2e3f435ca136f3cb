// EventSubscribers: the subscriptions of one generation's plugins. In-transaction
// subscribers run in the publisher's transaction; after-commit subscribers run on the
// EventDispatcher's thread, which counts the events it holds for each set (a generation
// retires once none is left).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "duka/events.hpp"

namespace duka::host {

class EventSubscribers {
 public:
  // Subscriptions are made while plugins start (one thread); owner keeps the subscriber's
  // library loaded while the subscription lives.
  void subscribe(const std::string& pattern, InTransactionHandler handler,
                 std::shared_ptr<void> owner);
  void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler,
                            std::shared_ptr<void> owner);

  // runInTransaction calls the matching in-transaction subscribers; the first throw
  // propagates (and so vetoes the publisher's transaction).
  void runInTransaction(const Event& event, Transaction& transaction) const;
  bool hasAfterCommit() const { return !afterCommit_.empty(); }
  // runAfterCommit calls the matching after-commit subscribers; a throw is logged and the
  // rest still run.
  void runAfterCommit(const Event& event) const;

  // held and released count the events queued for this set; waitUntilNoneHeld returns once
  // none is queued or running.
  void held(std::size_t count);
  void released();
  void waitUntilNoneHeld();

  // clear drops every subscription (after the plugins stopped).
  void clear();

 private:
  template <class Handler>
  struct Subscription {
    std::shared_ptr<void> owner;  // first member: destroyed last, after the handler
    std::string pattern;
    Handler handler;
  };

  std::vector<Subscription<InTransactionHandler>> inTransaction_;
  std::vector<Subscription<AfterCommitHandler>> afterCommit_;
  std::mutex mutex_;
  std::condition_variable none_;
  std::size_t held_ = 0;
};

}  // namespace duka::host
