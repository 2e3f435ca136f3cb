// The HTTP edge as an attacker and a careless client meet it: strict framing (RFC 9112 §6),
// Host and proxies, HEAD, OPTIONS and CORS, escaped log lines, integers out of range.
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <thread>

#include "server_fixture.hpp"
#include "support/raw_connection.hpp"

namespace duka::test {
namespace {

using std::chrono::milliseconds;

constexpr const char* kAccessLog = "[log]\naccess_log = true\n";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class HttpEdge : public ServerTest {
 protected:
  void SetUp() override {}

  // refused sends request on a new connection and expects one 400 problem, then the end of
  // the connection: whatever followed the refused request is never answered.
  void expectRefused(const std::string& request, int status = 400) {
    SCOPED_TRACE(request);
    RawConnection client(server_->port());
    client.send(request);
    const RawResponse answer = client.read();
    EXPECT_EQ(answer.status, status);
    EXPECT_EQ(answer.header("content-type"), "application/problem+json; charset=utf-8");
    EXPECT_EQ(Poco::toLower(answer.header("connection")), "close");
    EXPECT_TRUE(client.closedWithin(milliseconds(4000)));
    EXPECT_EQ(client.received(), "");  // no second answer
  }
  RawResponse ask(const std::string& request) {
    RawConnection client(server_->port());
    client.send(request);
    return client.read();
  }
};

const std::string kSmuggled = "GET /api/probe/items/666/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

std::string post(const std::string& framing, const std::string& body) {
  return "POST /api/probe/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         framing + "\r\n" + body;
}

TEST_P(HttpEdge, ContentLengthWithTransferEncodingIsRefused) {
  startServer("probe");
  expectRefused(
      post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + kSmuggled));
  expectRefused(
      post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "0\r\n\r\n" + kSmuggled));
}

TEST_P(HttpEdge, DifferingOrInvalidContentLengthsAreRefused) {
  startServer("probe");
  expectRefused(post("Content-Length: 2\r\nContent-Length: 45\r\n", "{}" + kSmuggled));
  expectRefused(post("Content-Length: 2, 45\r\n", "{}" + kSmuggled));
  for (const char* bad : {"+2", "-1", "2 2", "0x2", "abc", "99999999999999999999999"})
    expectRefused(post(std::string("Content-Length: ") + bad + "\r\n", "{}"));
  // The same length twice is one length.
  EXPECT_EQ(ask(post("Content-Length: 2\r\nContent-Length: 2\r\n", "{}")).status, 200);
}

TEST_P(HttpEdge, ATransferEncodingOtherThanExactlyChunkedIsRefused) {
  startServer("probe");
  for (const char* bad : {"Transfer-Encoding:  chunked", "Transfer-Encoding: chunked ",
                          "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, chunked",
                          "Transfer-Encoding: identity", "Transfer-Encoding: xchunked",
                          "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"}) {
    expectRefused(post(std::string(bad) + "\r\n", "0\r\n\r\n" + kSmuggled));
  }
}

TEST_P(HttpEdge, MalformedChunksAreRefusedAndTheRestIsNotARequest) {
  startServer("probe");
  const std::string chunked = "Transfer-Encoding: chunked\r\n";
  expectRefused(post(chunked, "zz\r\n{}\r\n0\r\n\r\n" + kSmuggled));
  expectRefused(post(chunked, "2\r\n{}XX0\r\n\r\n" + kSmuggled));            // no CRLF after data
  expectRefused(post(chunked, "2\r\n{}\r\n-0\r\n\r\n" + kSmuggled));         // bad last chunk
  expectRefused(post(chunked, "ffffffffffffffffff\r\n{}\r\n" + kSmuggled));  // overflow
}

TEST_P(HttpEdge, AWellFormedChunkedBodyIsRead) {
  startServer("probe");
  RawConnection client(server_->port());
  client.send(post("Transfer-Encoding: chunked\r\n", "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n") +
              kHealthRequest);
  const RawResponse echoed = client.read();
  EXPECT_EQ(echoed.status, 200);
  EXPECT_EQ(parse(echoed.body)->getValue<int>("a"), 1);
  EXPECT_EQ(client.read().status, 200);  // the connection goes on
}

TEST_P(HttpEdge, ObsFoldAndMalformedFieldsAreRefused) {
  startServer("probe");
  expectRefused("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\n\r\n");
  expectRefused("GET /health HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n");
  expectRefused("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon\r\n\r\n");
  expectRefused("GET /health HTTP/1.1\nHost: 127.0.0.1\n\n");
  expectRefused("GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 505);
  expectRefused(std::string(33, 'G') + " /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

TEST_P(HttpEdge, ConnectionsFollowTheClientsVersionAndConnectionField) {
  startServer("probe");
  // HTTP/1.0 closes after its answer unless the client asks to keep the connection.
  RawConnection once(server_->port());
  once.send("GET /health HTTP/1.0\r\n\r\n" + std::string(kHealthRequest));
  const RawResponse only = once.read();
  EXPECT_EQ(only.status, 200);
  EXPECT_EQ(Poco::toLower(only.header("connection")), "close");
  EXPECT_TRUE(once.closedWithin(milliseconds(4000)));
  EXPECT_EQ(once.received(), "");
  RawConnection kept(server_->port());
  kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(Poco::toLower(kept.read().header("connection")), "keep-alive");
  kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  const RawResponse again = kept.read();
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, "{\"status\":\"ok\"}");
  // HTTP/1.1 keeps it without a word, until the client says close.
  RawConnection modern(server_->port());
  modern.send(std::string(kHealthRequest) +
              "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" +
              std::string(kHealthRequest));
  const RawResponse first = modern.read();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("connection"), "");
  EXPECT_EQ(Poco::toLower(modern.read().header("connection")), "close");
  EXPECT_TRUE(modern.closedWithin(milliseconds(4000)));
  EXPECT_EQ(modern.received(), "");  // the request after "close" is not answered
}

TEST_P(HttpEdge, HostRules) {
  startServer("probe");
  // HTTP/1.0 without Host is served (HAProxy's default health check).
  RawConnection old(server_->port());
  old.send("GET /health HTTP/1.0\r\n\r\n");
  EXPECT_EQ(old.read().status, 200);
  expectRefused("GET /health HTTP/1.1\r\n\r\n");
  expectRefused("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n");
  // An unknown Host is refused rather than copied into links.
  const RawResponse evil = ask("GET /api/probe/pages/ HTTP/1.1\r\nHost: evil.example\r\n\r\n");
  EXPECT_EQ(evil.status, 400);
  EXPECT_EQ(evil.body.find("evil.example"), std::string::npos);
  const RawResponse local = ask("GET /api/probe/pages/ HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
  ASSERT_EQ(local.status, 200);
  EXPECT_EQ(parse(local.body)->getValue<std::string>("next"),
            "http://localhost:8080/api/probe/pages/?limit=50&offset=50");
}

TEST_P(HttpEdge, AllowedHostsAndPublicUrlMakeTheLinks) {
  startServer("probe", "[server]\nallowed_hosts = .shop.example, api.other.example\n");
  auto base = [&](const std::string& host) {
    const RawResponse answer = ask("GET /api/probe/origin/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    return answer.status == 200 ? parse(answer.body)->getValue<std::string>("base_url")
                                : std::to_string(answer.status);
  };
  EXPECT_EQ(base("www.shop.example"), "http://www.shop.example");
  EXPECT_EQ(base("shop.example:8443"), "http://shop.example:8443");
  EXPECT_EQ(base("api.other.example"), "http://api.other.example");
  EXPECT_EQ(base("localhost"), "400");  // the list replaces the defaults
  EXPECT_EQ(base("evilshop.example"), "400");

  server_->stop();
  startServer("probe", "[server]\npublic_url = https://shop.example.com/\n");
  EXPECT_EQ(base("anything.example"), "https://shop.example.com");
  const RawResponse page = ask("GET /api/probe/pages/?offset=100 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(parse(page.body)->getValue<std::string>("previous"),
            "https://shop.example.com/api/probe/pages/?limit=50&offset=50");
}

TEST_P(HttpEdge, ForwardedHeadersAreBelievedOnlyFromTrustedProxies) {
  const std::string request =
      "GET /api/probe/origin/ HTTP/1.1\r\nHost: localhost\r\n"
      "X-Forwarded-For: 198.51.100.7, 203.0.113.9\r\nX-Forwarded-Proto: https\r\n\r\n";
  startServer("probe");
  auto untrusted = parse(ask(request).body);
  EXPECT_EQ(untrusted->getValue<std::string>("client_address"), "127.0.0.1");
  EXPECT_EQ(untrusted->getValue<std::string>("base_url"), "http://localhost");

  server_->stop();
  startServer("probe", std::string("[server]\ntrusted_proxies = 127.0.0.0/8, 203.0.113.0/24\n") +
                           kAccessLog);
  auto trusted = parse(ask(request).body);
  // The right-most address that is not a trusted proxy.
  EXPECT_EQ(trusted->getValue<std::string>("client_address"), "198.51.100.7");
  EXPECT_EQ(trusted->getValue<std::string>("base_url"), "https://localhost");
  EXPECT_TRUE(server_->waitForOutput("198.51.100.7 \"GET /api/probe/origin/ HTTP/1.1\" 200"));
}

TEST_P(HttpEdge, ATargetThatIsNotAnAsciiUtf8PathIs400) {
  // The review's finding: the byte 0xFF was dropped from the target, so /metr\xffics
  // served /metrics.
  startServer("probe");
  EXPECT_EQ(ask("GET /metr\xff"
                "ics HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .status,
            400);
  EXPECT_EQ(ask("GET /metr%FFics HTTP/1.1\r\nHost: localhost\r\n\r\n").status, 400);
  EXPECT_EQ(ask("GET /api/probe/items/%31/ HTTP/1.1\r\nHost: localhost\r\n\r\n").status, 200);
  EXPECT_EQ(ask("GET /api/caf%C3%A9/ HTTP/1.1\r\nHost: localhost\r\n\r\n").status, 404);
}

TEST_P(HttpEdge, AListOfContentLengthsIsAnsweredWith400) {
  // The review's finding: "Content-Length: 31, 31" got no answer at all, and no log line.
  startServer("probe", kAccessLog);
  const RawResponse answer =
      ask("POST /api/probe/echo/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          "Content-Length: 2, 2\r\n\r\n{}");
  EXPECT_EQ(answer.status, 400);
  EXPECT_TRUE(server_->waitForOutput("\"POST /api/probe/echo/ HTTP/1.1\" 400"));
}

TEST_P(HttpEdge, EveryForwardedForLineIsReadFromTheRight) {
  // HAProxy appends its own line: the client's spoofed first line must not become the
  // client address.
  startServer("probe", "[server]\ntrusted_proxies = 127.0.0.0/8\n");
  const auto origin = parse(ask("GET /api/probe/origin/ HTTP/1.1\r\nHost: localhost\r\n"
                                "X-Forwarded-For: 192.0.2.1\r\n"
                                "X-Forwarded-For: 198.51.100.7\r\n\r\n")
                                .body);
  EXPECT_EQ(origin->getValue<std::string>("client_address"), "198.51.100.7");
}

TEST_P(HttpEdge, HeadIsAnsweredOnEveryGetRouteWithoutABody) {
  startServer("probe");
  RawConnection client(server_->port());
  client.send("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + std::string(kHealthRequest));
  const RawResponse head = client.read(milliseconds(5000), true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "15");
  EXPECT_EQ(head.header("content-type"), "application/json; charset=utf-8");
  // The next answer starts right after the head: no body was sent.
  EXPECT_EQ(client.read().body, "{\"status\":\"ok\"}");
  RawConnection other(server_->port());
  other.send("HEAD /api/probe/items/3/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
  const RawResponse item = other.read(milliseconds(5000), true);
  EXPECT_EQ(item.status, 200);
  EXPECT_EQ(item.header("content-length"), "8");
}

TEST_P(HttpEdge, OptionsListsTheMethodsAndCorsIsOffByDefault) {
  startServer("probe");
  const RawResponse options = ask(
      "OPTIONS /api/probe/items/ HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example\r\n"
      "Access-Control-Request-Method: POST\r\n\r\n");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.header("allow"), "POST, GET, HEAD, OPTIONS");
  EXPECT_EQ(options.header("access-control-allow-origin"), "");
  EXPECT_EQ(ask("OPTIONS /nowhere/ HTTP/1.1\r\nHost: localhost\r\n\r\n").status, 404);
}

TEST_P(HttpEdge, CorsAnswersTheListedOriginsOnly) {
  startServer("probe", "[server]\ncors_origins = https://shop.example\n");
  const RawResponse preflight = ask(
      "OPTIONS /api/probe/items/ HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example\r\n"
      "Access-Control-Request-Method: POST\r\n"
      "Access-Control-Request-Headers: authorization, content-type\r\n\r\n");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "https://shop.example");
  EXPECT_EQ(preflight.header("access-control-allow-methods"), "POST, GET, HEAD, OPTIONS");
  EXPECT_NE(preflight.header("access-control-allow-headers").find("Authorization"),
            std::string::npos);
  EXPECT_EQ(preflight.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(preflight.header("vary"), "Origin");

  const RawResponse get =
      ask("GET /health HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example\r\n\r\n");
  EXPECT_EQ(get.header("access-control-allow-origin"), "https://shop.example");
  EXPECT_NE(get.header("access-control-expose-headers").find("X-Request-Id"), std::string::npos);

  const RawResponse other = ask(
      "OPTIONS /api/probe/items/ HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n"
      "Access-Control-Request-Method: POST\r\n\r\n");
  EXPECT_EQ(other.header("access-control-allow-origin"), "");
  EXPECT_EQ(ask("GET /health HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n\r\n")
                .header("access-control-allow-origin"),
            "");
}

TEST_P(HttpEdge, CorsWithAnyOriginNeverAllowsCredentials) {
  startServer("probe", "[server]\ncors_origins = *\n");
  const RawResponse get =
      ask("GET /health HTTP/1.1\r\nHost: localhost\r\nOrigin: https://any.example\r\n\r\n");
  EXPECT_EQ(get.header("access-control-allow-origin"), "*");
  EXPECT_EQ(get.header("access-control-allow-credentials"), "");
}

TEST_P(HttpEdge, ControlCharactersFromClientsAreEscapedInTheLog) {
  startServer("probe", kAccessLog);
  const RawResponse answer =
      ask("GET /api/x%0a2026-11-29T00:00:00.000Z%20Critical%20duka:%20FORGED HTTP/1.1\r\n"
          "Host: localhost\r\n\r\n");
  EXPECT_EQ(answer.status, 404);
  ASSERT_TRUE(server_->waitForOutput("FORGED"));
  const std::string output = server_->output();
  // The access log shows the request target as sent (percent-encoded); a message that
  // quotes decoded client text has its control characters escaped (EscapingFormatter).
  EXPECT_NE(output.find("/api/x%0a2026-11-29T00:00:00.000Z%20Critical%20duka:%20FORGED"),
            std::string::npos);
  EXPECT_EQ(output.find("\n2026-11-29T00:00:00.000Z Critical duka: FORGED"), std::string::npos);
}

TEST_P(HttpEdge, IntegersOutsideInt64Are400NotWrapped) {
  startServer("probe");
  for (const char* number : {"18446744073709551617", "18446744073709551620", "-9223372036854775809",
                             "9223372036854775808"}) {
    SCOPED_TRACE(number);
    const std::string body = std::string("{\"quantity\":") + number + "}";
    const RawResponse answer =
        ask(post("Content-Length: " + std::to_string(body.size()) + "\r\n", body));
    EXPECT_EQ(answer.status, 400);
    EXPECT_NE(answer.body.find("64-bit"), std::string::npos);
  }
  for (const char* number : {"9223372036854775807", "-9223372036854775808", "1e30", "1.5"}) {
    SCOPED_TRACE(number);
    const std::string body = std::string("{\"q\":") + number + ",\"s\":\"18446744073709551617\"}";
    EXPECT_EQ(ask(post("Content-Length: " + std::to_string(body.size()) + "\r\n", body)).status,
              200);
  }
}

TEST_P(HttpEdge, OffsetsNeverOverflow) {
  startServer("probe");
  const RawResponse answer =
      ask("GET /api/probe/pages/?offset=9223372036854775807&limit=200 HTTP/1.1\r\nHost: "
          "localhost\r\n\r\n");
  ASSERT_EQ(answer.status, 200);
  const auto page = parse(answer.body);
  EXPECT_TRUE(page->isNull("next"));
  EXPECT_EQ(page->getValue<std::string>("previous"),
            "http://localhost/api/probe/pages/?limit=200&offset=9223372036854775607");
  EXPECT_EQ(
      ask("GET /api/probe/pages/?offset=9223372036854775808 HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .status,
      400);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, HttpEdge, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
