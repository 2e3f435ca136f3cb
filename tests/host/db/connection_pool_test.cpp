// ConnectionPool: lazily opened connections, leases served in arrival order, a bounded wait
// that ends in DatabaseUnavailable, unusable connections dropped, close() waking waiters.
#include "db/connection_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace duka::host {
namespace {

using namespace std::chrono_literals;

class FakeConnection final : public SqlConnection {
 public:
  explicit FakeConnection(int id) : id(id) {}
  Backend backend() const override { return Backend::Sqlite; }
  void execute(std::string_view) override {}
  void begin() override {}
  void commit() override {}
  void rollback() override {}
  bool usable() const override { return healthy; }

  const int id;
  bool healthy = true;

 protected:
  RowCount runStatement(std::string_view, std::span<const SqlValue>, const SqlRowCallback&,
                        std::int64_t*) override {
    return RowCount(nullptr, 0, 0);
  }
};

std::shared_ptr<ConnectionPool> pool(int size, std::atomic<int>& opened,
                                     std::chrono::milliseconds wait = 2s) {
  return std::make_shared<ConnectionPool>(
      [&opened] { return std::make_unique<FakeConnection>(++opened); }, size, wait);
}

TEST(ConnectionPool, OpensLazilyAndReusesWhatComesBack) {
  std::atomic<int> opened{0};
  auto connections = pool(2, opened);
  EXPECT_EQ(opened, 0);
  auto first = connections->leaseConnection();
  EXPECT_EQ(opened, 1);
  connections->giveBack(std::move(first));
  auto again = connections->leaseConnection();
  EXPECT_EQ(opened, 1);
  EXPECT_EQ(connections->leased(), 1);
  auto second = connections->leaseConnection();
  EXPECT_EQ(opened, 2);
  EXPECT_EQ(connections->opened(), 2);
  connections->giveBack(std::move(again));
  connections->giveBack(std::move(second));
  EXPECT_EQ(connections->leased(), 0);
}

TEST(ConnectionPool, AnUnusableConnectionIsDroppedAndAnotherOpened) {
  std::atomic<int> opened{0};
  auto connections = pool(1, opened);
  auto first = connections->leaseConnection();
  static_cast<FakeConnection&>(*first).healthy = false;
  connections->giveBack(std::move(first));
  EXPECT_EQ(connections->opened(), 0);
  auto next = connections->leaseConnection();
  EXPECT_EQ(static_cast<FakeConnection&>(*next).id, 2);
  connections->giveBack(std::move(next));
}

TEST(ConnectionPool, WaitingLeasesAreServedInArrivalOrder) {
  std::atomic<int> opened{0};
  auto connections = pool(1, opened);
  auto held = connections->leaseConnection();
  std::mutex mutex;
  std::vector<int> served;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 5; ++i) {
    waiters.emplace_back([&, i] {
      auto connection = connections->leaseConnection();
      {
        std::lock_guard<std::mutex> lock(mutex);
        served.push_back(i);
      }
      connections->giveBack(std::move(connection));
    });
    std::this_thread::sleep_for(30ms);  // arrive one after the other
  }
  connections->giveBack(std::move(held));
  for (auto& waiter : waiters)
    waiter.join();
  EXPECT_EQ(served, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(ConnectionPool, AWaitPastTheLimitIsDatabaseUnavailable) {
  std::atomic<int> opened{0};
  auto connections = pool(1, opened, 100ms);
  auto held = connections->leaseConnection();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(connections->leaseConnection(), DatabaseUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  connections->giveBack(std::move(held));
  auto next = connections->leaseConnection();  // the pool still works
  connections->giveBack(std::move(next));
}

TEST(ConnectionPool, CloseWakesTheWaitersAndRefusesNewLeases) {
  std::atomic<int> opened{0};
  auto connections = pool(1, opened, 10s);
  auto held = connections->leaseConnection();
  std::atomic<bool> refused{false};
  std::thread waiter([&] {
    try {
      connections->leaseConnection();
    } catch (const DatabaseUnavailable&) {
      refused = true;
    }
  });
  std::this_thread::sleep_for(50ms);
  connections->close();
  waiter.join();
  EXPECT_TRUE(refused);
  EXPECT_THROW(connections->leaseConnection(), DatabaseUnavailable);
  connections->giveBack(std::move(held));  // closed with the pool
  EXPECT_EQ(connections->opened(), 0);
}

}  // namespace
}  // namespace duka::host
