// Poco holds one worker thread per keep-alive connection: with the default 64 threads, 64
// clients on persistent connections are all answered; with fewer threads they are not.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <thread>

#include "server_fixture.hpp"

namespace duka::test {
namespace {

// answeredClients opens `clients` persistent connections at once; each sends two requests
// and keeps its connection open until all are done. It counts the clients whose requests
// were all answered within the client timeout.
int answeredClients(int port, int clients) {
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
  for (int i = 0; i < clients; ++i) {
    auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1",
                                                                  static_cast<Poco::UInt16>(port));
    session->setKeepAlive(true);
    session->setTimeout(Poco::Timespan(4, 0));
    sessions.push_back(std::move(session));
  }
  std::atomic<int> answered{0};
  auto ask = [&](Poco::Net::HTTPClientSession& session) {
    Poco::Net::HTTPRequest request("GET", "/health", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    return response.getStatus() == 200;
  };
  std::vector<std::thread> threads;
  for (auto& session : sessions) {
    threads.emplace_back([&, s = session.get()] {
      try {
        if (ask(*s) && ask(*s))
          ++answered;
      } catch (...) {
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  return answered.load();
}

class KeepAlive : public ServerTest {
 protected:
  void SetUp() override {}
};

TEST_P(KeepAlive, DefaultThreadsServe64PersistentClients) {
  startServer("probe", "[server]\nkeepalive_timeout_s = 60\n");
  EXPECT_EQ(answeredClients(server_->port(), 64), 64);
}

TEST_P(KeepAlive, FewerThreadsThanClientsLeaveSomeWaiting) {
  // The control: it shows the test above can fail.
  startServer("probe", "[server]\nkeepalive_timeout_s = 60\nthreads = 8\n");
  EXPECT_LT(answeredClients(server_->port(), 16), 16);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, KeepAlive, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
