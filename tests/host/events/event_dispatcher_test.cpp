#include "events/event_dispatcher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "duka/database.hpp"

namespace duka::host {
namespace {

Event event(const std::string& name) {
  Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
  payload->set("n", name);
  return Event{name, payload, EventContext::system("test"), nowRfc3339()};
}

class NoTransaction : public Transaction {
 public:
  const EventContext& context() const override { return context_; }
  void onCommit(std::function<void()>) override {}

 protected:
  RowCount runStatement(std::string_view, std::span<const SqlValue>, const SqlRowCallback&,
                        std::int64_t*) override {
    throw std::logic_error("no database");
  }
  void publishJson(const std::string&, Poco::JSON::Object::Ptr) override {}

 private:
  EventContext context_;
};

TEST(EventDispatcher, InTransactionSubscribersRunInOrderAndMatchPatterns) {
  EventDispatcher dispatcher;
  std::vector<std::string> calls;
  dispatcher.subscribe(
      "order.*", [&](const Event& e, Transaction&) { calls.push_back("a:" + e.name); }, nullptr);
  dispatcher.subscribe(
      "order.created", [&](const Event& e, Transaction&) { calls.push_back("b:" + e.name); },
      nullptr);
  dispatcher.subscribe(
      "inventory.*", [&](const Event& e, Transaction&) { calls.push_back("c:" + e.name); },
      nullptr);
  NoTransaction tx;
  dispatcher.runInTransaction(event("order.created"), tx);
  dispatcher.runInTransaction(event("order.approved"), tx);
  EXPECT_EQ(calls,
            (std::vector<std::string>{"a:order.created", "b:order.created", "a:order.approved"}));
}

TEST(EventDispatcher, AThrowStopsTheChainAndPropagates) {
  EventDispatcher dispatcher;
  bool later = false;
  dispatcher.subscribe(
      "*", [](const Event&, Transaction&) { throw std::runtime_error("veto"); }, nullptr);
  dispatcher.subscribe(
      "*", [&](const Event&, Transaction&) { later = true; }, nullptr);
  NoTransaction tx;
  EXPECT_THROW(dispatcher.runInTransaction(event("x.y"), tx), std::runtime_error);
  EXPECT_FALSE(later);
}

TEST(EventDispatcher, AfterCommitRunsOffThreadInOrderAndSurvivesThrows) {
  EventDispatcher dispatcher;
  std::mutex mutex;
  std::vector<std::string> seen;
  std::thread::id worker;
  dispatcher.subscribeAfterCommit(
      "*", [](const Event&) { throw std::runtime_error("ignored"); }, nullptr);
  dispatcher.subscribeAfterCommit(
      "*",
      [&](const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(e.name);
        worker = std::this_thread::get_id();
      },
      nullptr);
  dispatcher.start();
  dispatcher.afterCommit({event("a.1"), event("a.2")});
  dispatcher.afterCommit({event("a.3")});
  dispatcher.stop();  // drains the queue
  EXPECT_EQ(seen, (std::vector<std::string>{"a.1", "a.2", "a.3"}));
  EXPECT_NE(worker, std::this_thread::get_id());
}

TEST(EventDispatcher, SubscriptionsKeepTheirOwnerAlive) {
  EventDispatcher dispatcher;
  auto owner = std::make_shared<int>(5);
  std::weak_ptr<int> watch = owner;
  dispatcher.subscribe(
      "*", [](const Event&, Transaction&) {}, owner);
  owner.reset();
  EXPECT_FALSE(watch.expired());
  dispatcher.clear();
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace duka::host
