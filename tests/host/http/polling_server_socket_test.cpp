// The listening socket whose connections wait with poll(2): an accepted connection reports
// data, writability, a closed peer and a timeout as Poco's sockets do.
#include "http/polling_server_socket.hpp"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

namespace duka::host {
namespace {

using Poco::Net::Socket;

class PollingServerSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
    listener_.listen(4);
    client_.connect(Poco::Net::SocketAddress("127.0.0.1", listener_.address().port()));
    Poco::Net::SocketAddress peer;
    accepted_ = listener_.acceptConnection(peer);
    EXPECT_EQ(peer.host().toString(), "127.0.0.1");
    EXPECT_EQ(peer.port(), client_.address().port());
  }

  PollingServerSocket listener_;
  Poco::Net::StreamSocket client_;
  Poco::Net::StreamSocket accepted_;
};

TEST_F(PollingServerSocketTest, ATimeoutPassesWhenNothingArrives) {
  EXPECT_FALSE(accepted_.poll(Poco::Timespan(0, 20'000), Socket::SELECT_READ));
  EXPECT_TRUE(accepted_.poll(Poco::Timespan(0, 20'000), Socket::SELECT_WRITE));
}

TEST_F(PollingServerSocketTest, DataThatArrivesIsReportedAndReadable) {
  client_.sendBytes("ping", 4);
  ASSERT_TRUE(accepted_.poll(Poco::Timespan(2, 0), Socket::SELECT_READ));
  char buffer[8] = {};
  EXPECT_EQ(accepted_.receiveBytes(buffer, sizeof buffer), 4);
  EXPECT_EQ(std::string(buffer, 4), "ping");
  EXPECT_FALSE(accepted_.poll(Poco::Timespan(0, 10'000), Socket::SELECT_READ));
}

TEST_F(PollingServerSocketTest, APeerThatClosesIsReportedAsReadableWithNothingToRead) {
  client_.close();
  ASSERT_TRUE(accepted_.poll(Poco::Timespan(2, 0), Socket::SELECT_READ));
  char buffer[8] = {};
  EXPECT_EQ(accepted_.receiveBytes(buffer, sizeof buffer), 0);
}

}  // namespace
}  // namespace duka::host
