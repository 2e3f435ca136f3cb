#include "events/event_dispatcher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "duka/database.hpp"
#include "events/event_subscribers.hpp"
#include "support/hand_committed_transaction.hpp"

namespace duka::host {
namespace {

Event event(const std::string& name) {
  Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
  payload->set("n", name);
  return Event{name, payload, EventContext::system("test"), nowRfc3339()};
}

using NoTransaction = testing::HandCommittedTransaction;

TEST(EventSubscribers, InTransactionSubscribersRunInOrderAndMatchPatterns) {
  EventSubscribers subscribers;
  std::vector<std::string> calls;
  subscribers.subscribe(
      "order.*", [&](const Event& e, Transaction&) { calls.push_back("a:" + e.name); }, nullptr);
  subscribers.subscribe(
      "order.created", [&](const Event& e, Transaction&) { calls.push_back("b:" + e.name); },
      nullptr);
  subscribers.subscribe(
      "inventory.*", [&](const Event& e, Transaction&) { calls.push_back("c:" + e.name); },
      nullptr);
  NoTransaction tx;
  subscribers.runInTransaction(event("order.created"), tx);
  subscribers.runInTransaction(event("order.approved"), tx);
  EXPECT_EQ(calls,
            (std::vector<std::string>{"a:order.created", "b:order.created", "a:order.approved"}));
}

TEST(EventSubscribers, AThrowStopsTheChainAndPropagates) {
  EventSubscribers subscribers;
  bool later = false;
  subscribers.subscribe(
      "*", [](const Event&, Transaction&) { throw std::runtime_error("veto"); }, nullptr);
  subscribers.subscribe(
      "*", [&](const Event&, Transaction&) { later = true; }, nullptr);
  NoTransaction tx;
  EXPECT_THROW(subscribers.runInTransaction(event("x.y"), tx), std::runtime_error);
  EXPECT_FALSE(later);
}

TEST(EventDispatcher, AfterCommitRunsOffThreadInOrderAndSurvivesThrows) {
  EventDispatcher dispatcher;
  auto subscribers = std::make_shared<EventSubscribers>();
  std::mutex mutex;
  std::vector<std::string> seen;
  std::thread::id worker;
  subscribers->subscribeAfterCommit(
      "*", [](const Event&) { throw std::runtime_error("ignored"); }, nullptr);
  subscribers->subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(e.name);
        worker = std::this_thread::get_id();
      },
      nullptr);
  dispatcher.start();
  dispatcher.afterCommit(subscribers, {event("a.1"), event("a.2")});
  dispatcher.afterCommit(subscribers, {event("a.3")});
  dispatcher.stop();  // drains the queue
  EXPECT_EQ(seen, (std::vector<std::string>{"a.1", "a.2", "a.3"}));
  EXPECT_NE(worker, std::this_thread::get_id());
}

// Each committed event runs with the subscribers it was queued with, and a set can be
// waited on until none of its events is left: what a retiring generation waits for.
TEST(EventDispatcher, EachEventRunsWithItsOwnSubscribersAndASetCanBeWaitedOn) {
  EventDispatcher dispatcher;
  auto older = std::make_shared<EventSubscribers>();
  auto newer = std::make_shared<EventSubscribers>();
  std::mutex mutex;
  std::vector<std::string> seen;
  std::atomic<bool> release{false};
  older->subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        while (!release)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back("old:" + e.name);
      },
      nullptr);
  newer->subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back("new:" + e.name);
      },
      nullptr);
  dispatcher.start();
  dispatcher.afterCommit(older, {event("a.1")});
  dispatcher.afterCommit(newer, {event("a.2")});
  std::atomic<bool> waited{false};
  std::thread waiter([&] {
    older->waitUntilNoneHeld();
    waited = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(waited);
  release = true;
  waiter.join();
  EXPECT_TRUE(waited);
  dispatcher.stop();
  EXPECT_EQ(seen, (std::vector<std::string>{"old:a.1", "new:a.2"}));
}

TEST(EventSubscribers, SubscriptionsKeepTheirOwnerAlive) {
  EventSubscribers subscribers;
  auto owner = std::make_shared<int>(5);
  std::weak_ptr<int> watch = owner;
  subscribers.subscribe(
      "*", [](const Event&, Transaction&) {}, owner);
  owner.reset();
  EXPECT_FALSE(watch.expired());
  subscribers.clear();
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace duka::host
