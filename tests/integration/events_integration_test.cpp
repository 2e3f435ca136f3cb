// Events through the real binary: a write and its in-transaction subscriber commit
// together; a veto rolls both back; after-commit subscribers see committed events only.
#include <atomic>
#include <thread>

#include "server_fixture.hpp"

namespace duka::test {
namespace {

using Events = ServerTest;

Poco::JSON::Object::Ptr counts(HttpClient& client) {
  return client.get("/api/probe/items/").json();
}

TEST_P(Events, WriteAndSubscriberCommitTogether) {
  auto created =
      client_->post("/api/probe/items/", R"({"name":"sugar"})", {{"X-Request-Id", "req-sugar"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = counts(*client_);
  EXPECT_EQ(c->getValue<int>("items"), 1);
  EXPECT_EQ(c->getValue<int>("audited"), 1);
}

TEST_P(Events, AVetoRollsBackTheWholeTransaction) {
  auto vetoed = client_->post("/api/probe/items/", R"({"name":"veto"})");
  EXPECT_EQ(vetoed.status, 409);
  EXPECT_EQ(vetoed.json()->getValue<std::string>("detail"), "The probe vetoed this item.");
  auto c = counts(*client_);
  EXPECT_EQ(c->getValue<int>("items"), 0);
  EXPECT_EQ(c->getValue<int>("audited"), 0);
}

TEST_P(Events, AfterCommitSubscribersSeeOnlyCommittedEvents) {
  client_->post("/api/probe/items/", R"({"name":"flour"})");
  client_->post("/api/probe/items/", R"({"name":"veto"})");
  client_->post("/api/probe/items/", R"({"name":"salt"})");
  std::vector<std::string> seen;
  for (int attempt = 0; attempt < 100 && seen.size() < 2; ++attempt) {
    seen.clear();
    auto list = client_->get("/api/probe/events/").json()->getArray("after_commit");
    for (std::size_t i = 0; i < list->size(); ++i)
      seen.push_back(list->getElement<std::string>(i));
    if (seen.size() < 2)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"probe.item_created:flour", "probe.item_created:salt"}));
}

TEST_P(Events, ConcurrentWritesAllCommitWithTheirSubscriberRows) {
  constexpr int kClients = 24;
  constexpr int kEach = 5;
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server_->port());
      for (int i = 0; i < kEach; ++i) {
        const std::string name = "item-" + std::to_string(t) + "-" + std::to_string(i);
        if (client.post("/api/probe/items/", "{\"name\":\"" + name + "\"}").status == 201)
          ++created;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(created.load(), kClients * kEach);
  auto c = counts(*client_);
  EXPECT_EQ(c->getValue<int>("items"), kClients * kEach);
  EXPECT_EQ(c->getValue<int>("audited"), kClients * kEach);
}

DUKA_SERVER_BACKENDS(Events);

}  // namespace
}  // namespace duka::test
