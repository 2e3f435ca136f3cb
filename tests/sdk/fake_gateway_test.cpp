// FakeGateway, the test kit's stand-in for a provider: it must outlive nothing it serves. A
// handler still delaying its answer when the gateway goes is waited for, never left to
// write into a gateway that is gone (AddressSanitizer reports the write as a
// heap-use-after-free; without it, the heap was corrupted at random, 1 run in hundreds).
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <duka/testing/fake_gateway.hpp>
#include <memory>
#include <thread>

namespace duka::test {
namespace {

using std::chrono::milliseconds;

TEST(FakeGateway, GoingWaitsForTheHandlersItIsDelaying) {
  for (int round = 0; round < 5; ++round) {
    auto gateway = std::make_unique<FakeGateway>();
    GatewayReply hang = GatewayReply::text(200, "late");
    hang.delay = std::chrono::seconds(30);
    gateway->setDefault(hang);
    const Poco::UInt16 port = static_cast<Poco::UInt16>(
        std::stoi(gateway->baseUrl().substr(gateway->baseUrl().rfind(':') + 1)));
    std::thread client([port] {
      Poco::Net::HTTPClientSession session("127.0.0.1", port);
      session.setTimeout(Poco::Timespan(10, 0));
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/late");
      request.setContentLength(0);
      try {
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
      } catch (const Poco::Exception&) {
        // the gateway went mid-answer: what a client of a vanishing gateway sees
      }
    });
    ASSERT_TRUE(gateway->waitForRequests(1, milliseconds(5000)));
    gateway.reset();  // the handler is inside its delay
    client.join();
  }
}

TEST(FakeGateway, GoingWaitsForAHandlerStillReadingItsBody) {
  for (int round = 0; round < 8; ++round) {
    auto gateway = std::make_unique<FakeGateway>();
    const Poco::UInt16 port = static_cast<Poco::UInt16>(
        std::stoi(gateway->baseUrl().substr(gateway->baseUrl().rfind(':') + 1)));
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    const std::string head =
        "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes.";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::this_thread::sleep_for(milliseconds(50));  // the handler is reading the body
    gateway.reset();  // cuts the body short: the handler then records what it read
  }
}

TEST(FakeGateway, GoingEndsAnEndlessAnswer) {
  auto gateway = std::make_unique<FakeGateway>();
  GatewayReply endless = GatewayReply::text(200, "more ");
  endless.endless = true;
  gateway->setDefault(endless);
  const Poco::UInt16 port = static_cast<Poco::UInt16>(
      std::stoi(gateway->baseUrl().substr(gateway->baseUrl().rfind(':') + 1)));
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/stream");
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  char first[5];
  body.read(first, sizeof first);
  ASSERT_EQ(std::string(first, sizeof first), "more ");
  gateway.reset();  // returns once the endless handler has stopped
  SUCCEED();
}

}  // namespace
}  // namespace duka::test
