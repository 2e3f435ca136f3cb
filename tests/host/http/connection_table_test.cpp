// ConnectionTable alone: claims by key and generation, deadlines in order, the limits.
#include "http/transport/connection_table.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace duka::host {
namespace {

using Clock = ConnectionTable::Clock;
using std::chrono::seconds;

class ConnectionTableTest : public ::testing::Test {
 protected:
  BufferedSocketImpl* socket() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    peers_.push_back(fds[1]);
    return new BufferedSocketImpl(fds[0], Poco::Net::SocketAddress("127.0.0.1", 1),
                                  Poco::Net::SocketAddress("127.0.0.1", 2));
  }
  // open adds a connection from client; one it evicted to make room goes to evicted_.
  ClientConnection* open(const std::string& client = "") {
    auto* impl = socket();
    return table_.add(Poco::Net::StreamSocket(impl), impl, client, evicted_);
  }
  void park(ClientConnection& connection, ConnectionState state, Clock::time_point deadline) {
    table_.park(connection, state, deadline, [] {});
  }
  void TearDown() override {
    for (int fd : peers_)
      ::close(fd);
  }

  ConnectionTable table_{3, 2};
  std::vector<int> peers_;
  ClientConnection* evicted_ = nullptr;
};

TEST_F(ConnectionTableTest, AClaimNeedsTheCurrentGenerationAndAWaitingConnection) {
  ClientConnection* connection = open();
  ASSERT_TRUE(connection);
  const auto key = connection->key();
  EXPECT_FALSE(table_.claim(key));  // already claimed by the one that added it
  park(*connection, ConnectionState::Idle, Clock::now() + seconds(5));
  EXPECT_EQ(table_.claim(key), connection);
  EXPECT_EQ(connection->waited, ConnectionState::Idle);
  table_.close(*connection);
  EXPECT_FALSE(table_.claim(key));
  ClientConnection* reused = open();  // the same slot, a new generation
  ASSERT_TRUE(reused);
  EXPECT_NE(reused->key(), key);
  park(*reused, ConnectionState::Idle, Clock::now() + seconds(5));
  EXPECT_FALSE(table_.claim(key));
  EXPECT_EQ(table_.claim(reused->key()), reused);
}

TEST_F(ConnectionTableTest, ExpiredAnswersThePastDeadlinesOnly) {
  const auto now = Clock::now();
  ClientConnection* late = open();
  ClientConnection* early = open();
  ClientConnection* fresh = open();
  park(*late, ConnectionState::Head, now + seconds(10));
  park(*early, ConnectionState::Head, now + seconds(1));  // inserted before late
  park(*fresh, ConnectionState::Fresh, now + seconds(2));
  EXPECT_TRUE(table_.expired(now).empty());
  EXPECT_EQ(table_.expired(now + seconds(3)), (std::vector<ClientConnection*>{fresh, early}));
  EXPECT_EQ(table_.expired(now + seconds(11)), std::vector<ClientConnection*>{late});
  EXPECT_EQ(table_.open(), 3u);
  EXPECT_EQ(table_.claimed(), 3u);
}

TEST_F(ConnectionTableTest, RefusesPastMaxConnectionsButLetsRefusalsLinger) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(open());  // all three claimed: none can make room
  EXPECT_FALSE(open());
  EXPECT_FALSE(evicted_);
  auto* impl = socket();
  EXPECT_TRUE(table_.addRefused(Poco::Net::StreamSocket(impl), impl));
  EXPECT_EQ(table_.open(), 4u);
}

TEST_F(ConnectionTableTest, AtTheLimitTheLongestIdleConnectionMakesRoom) {
  const auto now = Clock::now();
  ClientConnection* busy = open();
  ClientConnection* fresh = open();
  ClientConnection* idle = open();
  park(*fresh, ConnectionState::Fresh, now + seconds(10));
  park(*idle, ConnectionState::Idle, now + seconds(5));
  ClientConnection* added = open();
  ASSERT_TRUE(added);
  EXPECT_EQ(evicted_, idle);  // idle before fresh
  table_.close(*evicted_);
  ASSERT_TRUE(open());
  EXPECT_EQ(evicted_, fresh);
  table_.close(*evicted_);
  EXPECT_FALSE(open());  // the rest are busy
  EXPECT_EQ(table_.open(), 3u);
  (void)busy;
}

TEST_F(ConnectionTableTest, OneClientGetsAtMostItsShare) {
  ClientConnection* first = open("a");
  ASSERT_TRUE(first);
  ASSERT_TRUE(open("a"));
  EXPECT_FALSE(open("a"));
  EXPECT_TRUE(open("b"));  // another address is not held back
  table_.close(*first);
  EXPECT_TRUE(open("a"));  // a closed connection gives its client a slot back
}

}  // namespace
}  // namespace duka::host
