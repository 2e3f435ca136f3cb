// The front's connections: idle and slow clients hold no worker thread, every wait has a
// deadline, max_connections is enforced, and a refused request's answer can be read.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <thread>

#include "server_fixture.hpp"
#include "support/raw_connection.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAccessLog = "[log]\naccess_log = true\n";

class HttpConnections : public ServerTest {
 protected:
  void SetUp() override {}
  // healthAnswered asks /health on a new connection; true when 200 came within timeout.
  bool healthAnswered(milliseconds timeout = milliseconds(3000)) {
    RawConnection client(server_->port());
    client.send(kHealthRequest);
    return client.read(timeout).status == 200;
  }
};

TEST_P(HttpConnections, IdleKeepAliveConnectionsHoldNoWorker) {
  // Two workers, a minute of keep-alive: with a thread per connection, the third client
  // would wait a minute.
  startServer("probe", "[server]\nthreads = 2\nkeepalive_timeout_s = 60\n");
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 64; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port()));
    idle.back()->send(kHealthRequest);
    ASSERT_EQ(idle.back()->read().status, 200);
  }
  EXPECT_TRUE(healthAnswered());
  // And the idle ones are still served.
  for (auto& connection : idle) {
    connection->send(kHealthRequest);
    EXPECT_EQ(connection->read().status, 200);
  }
}

TEST_P(HttpConnections, SlowHeadsHoldNoWorker) {
  startServer("probe", "[server]\nthreads = 2\nheader_timeout_s = 60\n");
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 32; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server_->port()));
    slow.back()->send("GET /health HTTP/1.1\r\nHost: 127.");
  }
  EXPECT_TRUE(healthAnswered());
  // Each slow head, once finished, is answered.
  for (auto& connection : slow) {
    connection->send("0.0.1\r\n\r\n");
    EXPECT_EQ(connection->read().status, 200);
  }
}

TEST_P(HttpConnections, SilentConnectionsHoldNoWorker) {
  startServer("probe", "[server]\nthreads = 2\nheader_timeout_s = 60\n");
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 32; ++i)
    silent.push_back(std::make_unique<RawConnection>(server_->port()));
  EXPECT_TRUE(healthAnswered());
}

TEST_P(HttpConnections, AHeadThatTakesTooLongGets408AndTheConnectionCloses) {
  startServer("probe", "[server]\nheader_timeout_s = 1\n");
  RawConnection client(server_->port());
  client.send("GET /health HTTP/1.1\r\n");
  std::this_thread::sleep_for(milliseconds(400));
  client.send("Host: 127.0.0.1\r\n");  // still dribbling: the deadline is the whole head's
  const RawResponse answer = client.read(milliseconds(4000));
  EXPECT_EQ(answer.status, 408);
  EXPECT_EQ(answer.header("content-type"), "application/problem+json; charset=utf-8");
  EXPECT_FALSE(answer.header("x-request-id").empty());
  EXPECT_TRUE(client.closedWithin(milliseconds(4000)));
}

TEST_P(HttpConnections, AFirstHeadsClockStartsAtTheAccept) {
  startServer("probe", "[server]\nheader_timeout_s = 1\n");
  RawConnection client(server_->port());
  std::this_thread::sleep_for(milliseconds(700));
  client.send("GET /health HTTP/1.1\r\n");
  std::this_thread::sleep_for(milliseconds(700));
  client.send("Host: 127.0.0.1\r\n\r\n");  // 1.4 s after the accept: too late
  EXPECT_EQ(client.read(milliseconds(4000)).status, 408);
}

TEST_P(HttpConnections, AConnectionThatSendsNothingClosesAfterTheHeaderTimeout) {
  startServer("probe", "[server]\nheader_timeout_s = 1\n");
  RawConnection client(server_->port());
  EXPECT_TRUE(client.closedWithin(milliseconds(4000)));
  EXPECT_EQ(client.received(), "");
}

TEST_P(HttpConnections, AnIdleKeepAliveConnectionClosesAfterItsTimeout) {
  startServer("probe", "[server]\nkeepalive_timeout_s = 1\n");
  RawConnection client(server_->port());
  client.send(kHealthRequest);
  ASSERT_EQ(client.read().status, 200);
  EXPECT_TRUE(client.closedWithin(milliseconds(4000)));
  EXPECT_EQ(client.received(), "");
}

// The test kit's client takes a new connection before the server may have closed its idle
// one (keepalive_timeout_s, 5 by default): a request sent on a closed connection is read as
// "No message received" (CI's failure of a PostgreSQL restart test whose client sat idle).
TEST_P(HttpConnections, TheTestKitsClientIsAnsweredAfterIdlingPastTheKeepAliveTimeout) {
  startServer("probe", "");
  HttpClient client(server_->port());
  ASSERT_EQ(client.get("/health").status, 200);
  std::this_thread::sleep_for(milliseconds(5500));
  EXPECT_EQ(client.get("/health").status, 200);
}

TEST_P(HttpConnections, ABodyThatTakesTooLongGets408) {
  startServer("probe", "[server]\nrequest_timeout_s = 1\n");
  RawConnection client(server_->port());
  client.send(
      "POST /api/probe/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 20\r\n\r\n{\"a\":");
  EXPECT_EQ(client.read(milliseconds(4000)).status, 408);
  EXPECT_TRUE(client.closedWithin(milliseconds(4000)));
}

TEST_P(HttpConnections, ConnectionsBeyondMaxConnectionsGet503) {
  // Requests in progress cannot make room (idle connections can: HttpAttacks).
  startServer("probe", "[server]\nmax_connections = 4\nheader_timeout_s = 60\n");
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(std::make_unique<RawConnection>(server_->port()));
    open.back()->send("GET /health HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(milliseconds(200));
  RawConnection refused(server_->port());
  refused.send(kHealthRequest);
  const RawResponse answer = refused.read();
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.header("retry-after"), "1");
  EXPECT_EQ(Poco::toLower(answer.header("connection")), "close");
  EXPECT_TRUE(refused.closedWithin(milliseconds(3000)));
  open.pop_back();  // a slot frees up
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_TRUE(healthAnswered());
}

TEST_P(HttpConnections, PipelinedRequestsAreAnsweredInOrder) {
  startServer("probe");
  RawConnection client(server_->port());
  client.send(std::string(kHealthRequest) +
              "GET /api/probe/items/7/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kHealthRequest);
  EXPECT_EQ(client.read().body, "{\"status\":\"ok\"}");
  EXPECT_EQ(client.read().body, "{\"id\":7}");
  EXPECT_EQ(client.read().body, "{\"status\":\"ok\"}");
}

TEST_P(HttpConnections, ARefusedBodyIsAnsweredAndTheClientCanReadIt) {
  // The server does not read a body over max_body_bytes; it answers 413 and keeps reading
  // what the client still sends until the client is done, so the answer is not reset away.
  startServer("probe", "[server]\nmax_body_bytes = 1024\n");
  RawConnection client(server_->port());
  const std::string body(512 * 1024, 'x');
  std::thread sender([&] {
    client.send(
        "POST /api/probe/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n");
    client.send(body);
  });
  sender.join();
  const RawResponse answer = client.read();
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(Poco::toLower(answer.header("connection")), "close");
}

TEST_P(HttpConnections, AHeadOverTheLimitGets431WithAProblemAndALogLine) {
  startServer("probe", kAccessLog);
  RawConnection client(server_->port());
  client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'b') +
              "\r\n\r\n");
  const RawResponse answer = client.read();
  EXPECT_EQ(answer.status, 431);
  EXPECT_EQ(answer.header("content-type"), "application/problem+json; charset=utf-8");
  EXPECT_NE(answer.body.find("\"request_id\""), std::string::npos);
  EXPECT_TRUE(client.closedWithin(milliseconds(3000)));
  EXPECT_TRUE(server_->waitForOutput("\"GET /health HTTP/1.1\" 431")) << server_->output();
}

TEST_P(HttpConnections, TooManyHeaderFieldsGet431) {
  startServer("probe", kAccessLog);
  std::string head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 120; ++i)
    head += "X-Field-" + std::to_string(i) + ": v\r\n";
  RawConnection client(server_->port());
  client.send(head + "\r\n");
  const RawResponse answer = client.read();
  EXPECT_EQ(answer.status, 431);
  EXPECT_NE(answer.body.find("\"request_id\""), std::string::npos);
  EXPECT_TRUE(server_->waitForOutput("\"GET /health HTTP/1.1\" 431")) << server_->output();
}

TEST_P(HttpConnections, SigtermFinishesTheRequestInFlightThenCloses) {
  startServer("probe");
  RawConnection client(server_->port());
  client.send("GET /api/probe/slow/?ms=500 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::this_thread::sleep_for(milliseconds(100));
  std::thread stopper([&] { EXPECT_EQ(server_->stop(), 0); });
  const RawResponse answer = client.read();
  stopper.join();
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(client.closedWithin(milliseconds(3000)));
}

TEST_P(HttpConnections, ASecondServerOnTheSamePortFailsToStart) {
  // Not SO_REUSEPORT: two servers on one port would share its connections silently.
  startServer("probe");
  const std::string ini = serverIni(db_->iniSection(), testPluginDir(), "probe",
                                    "[server]\nport = " + std::to_string(server_->port()) + "\n");
  try {
    auto second = DukaProcess::start(ini);
    FAIL() << "a second duka listened on port " << second->port();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, HttpConnections, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
