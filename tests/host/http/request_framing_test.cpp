// RequestFraming alone: where heads end, which heads are refused, and strict bodies.
#include "http/transport/request_framing.hpp"

#include <gtest/gtest.h>

#include "duka/http.hpp"

namespace duka::host {
namespace {

// BodyRead is what feeding a body in pieces of at most step bytes gave: the body, what
// followed it, and the status of the error that stopped it (200: none; 0: more was needed).
struct BodyRead {
  std::string body;
  std::string after;
  int status = 200;
};

BodyRead feed(RequestFraming& framing, const std::string& bytes, std::size_t step = 3) {
  BodyRead read;
  std::string pending;
  std::size_t offered = 0;
  try {
    while (framing.hasBody()) {
      if (offered == bytes.size()) {
        read.status = 0;
        return read;
      }
      const std::size_t n = std::min(step, bytes.size() - offered);
      pending.append(bytes, offered, n);
      offered += n;
      pending.erase(0, framing.feedBody(pending));
    }
  } catch (const HttpError& e) {
    read.status = e.status();
    return read;
  }
  read.body = framing.takeBody();
  read.after = pending + bytes.substr(offered);
  return read;
}

TEST(RequestFraming, HeadLengthFindsTheBlankLine) {
  EXPECT_EQ(headLength("GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), 27u);
  EXPECT_EQ(headLength("GET / HTTP/1.1\r\nHost: a\r\n"), 0u);
  EXPECT_EQ(headLength("GET / HTTP/1.1\nHost: a\n\n"), 24u);
  EXPECT_EQ(blankLinesBefore("\r\n\r\nGET"), 4u);
  EXPECT_EQ(blankLinesBefore("GET"), 0u);
}

TEST(RequestFraming, AcceptsOrdinaryHeads) {
  RequestFraming get(1024);
  EXPECT_FALSE(get.checkHead("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(get.hasBody());
  RequestFraming post(1024);
  EXPECT_FALSE(post.checkHead("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"));
  EXPECT_TRUE(post.hasBody());
  EXPECT_EQ(post.contentLength(), 2u);
  RequestFraming old(1024);
  EXPECT_FALSE(old.checkHead("GET / HTTP/1.0\r\n\r\n"));
}

TEST(RequestFraming, RefusesAmbiguousFraming) {
  for (const char* head :
       {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:  chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"}) {
    RequestFraming framing(1024);
    const auto problem = framing.checkHead(head);
    ASSERT_TRUE(problem) << head;
    EXPECT_EQ(problem->status, 400) << head;
  }
  RequestFraming http2(1024);
  EXPECT_EQ(http2.checkHead("GET / HTTP/2.0\r\nHost: x\r\n\r\n")->status, 505);
}

TEST(RequestFraming, ReadsAChunkedBodyAndKeepsWhatFollows) {
  RequestFraming framing(1024);
  ASSERT_FALSE(
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const BodyRead read =
      feed(framing, "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\nGET /next", 1000);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "hello world");
  EXPECT_EQ(read.after, "GET /next");  // what follows the body is left for the next request
}

TEST(RequestFraming, ReadsABodyByteByByte) {
  RequestFraming framing(1024);
  ASSERT_FALSE(
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const BodyRead read = feed(framing, "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n", 1);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "abcde");
}

TEST(RequestFraming, MalformedOrLargeBodiesThrow) {
  auto status = [](const std::string& head, const std::string& body, std::size_t limit) {
    RequestFraming framing(limit);
    EXPECT_FALSE(framing.checkHead(head));
    return feed(framing, body).status;
  };
  const std::string chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(status(chunked, "zz\r\nab\r\n0\r\n\r\n", 1024), 400);
  EXPECT_EQ(status(chunked, "2\r\nabXX0\r\n\r\n", 1024), 400);
  EXPECT_EQ(status(chunked, "2\r\nab\r\n", 1024), 0);  // more is needed
  EXPECT_EQ(status(chunked, "8\r\nabcdefgh\r\n0\r\n\r\n", 4), 413);
  const std::string fixed = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(status(fixed, "abc", 1024), 0);
  EXPECT_EQ(status(fixed, "abcde", 1024), 200);
}

TEST(RequestFraming, EveryByteOfAChunkedBodyCountsAgainstTheLimit) {
  // Two bytes of content, 40 of chunk lines: the body as sent is what the limit bounds.
  RequestFraming framing(32);
  ASSERT_FALSE(
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  EXPECT_EQ(feed(framing, "1;aaaaaaaaaaaaaaaa\r\na\r\n1;bbbbbbbbbbbbbbbb\r\nb\r\n0\r\n\r\n").status,
            413);
}

TEST(RequestFraming, AChunkLineWithoutEndIsRefusedAtItsBound) {
  // The attack: "1;" and then extension bytes with no CRLF, for ever.
  RequestFraming framing(1 << 30);
  ASSERT_FALSE(
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const BodyRead read = feed(framing, "1;" + std::string(kMaxChunkLineBytes + 10, 'e'), 512);
  EXPECT_EQ(read.status, 400);
}

TEST(RequestFraming, TrailersThatDoNotEndAreRefusedAtTheHeadsBound) {
  RequestFraming framing(1 << 30);
  ASSERT_FALSE(
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  std::string trailers = "0\r\n";
  for (int i = 0; trailers.size() < kMaxHeadBytes + 64; ++i)
    trailers += "X-T" + std::to_string(i % 10) + ": aaaaaaa\r\n";
  EXPECT_EQ(feed(framing, trailers, 512).status, 431);
  RequestFraming endless(1 << 30);
  ASSERT_FALSE(
      endless.checkHead("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  EXPECT_EQ(feed(endless, "0\r\nX-T: " + std::string(kMaxHeadBytes + 10, 'a'), 512).status, 431);
}

TEST(RequestFraming, ExpectContinueIsSeen) {
  RequestFraming framing(1024);
  ASSERT_FALSE(framing.checkHead(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
  EXPECT_TRUE(framing.expectsContinue());
}

TEST(RequestFraming, AListOfContentLengthsIsRefused) {
  RequestFraming framing(1024);
  const auto problem =
      framing.checkHead("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 31, 31\r\n\r\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 400);
}

TEST(RequestFraming, TheHeadIsHandedOverAsSent) {
  RequestFraming framing(1024);
  ASSERT_FALSE(
      framing.checkHead("POST /api/a?b=1 HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\n"
                        "x-forwarded-for:  10.0.0.2 \r\nTransfer-Encoding: chunked\r\n\r\n"));
  EXPECT_EQ(feed(framing, "2\r\n{}\r\n0\r\nX-Trailer: t\r\n\r\n").body, "{}");
  const RequestHead head = framing.takeHead();
  EXPECT_EQ(head.method, "POST");
  EXPECT_EQ(head.target, "/api/a?b=1");
  EXPECT_EQ(head.version, "HTTP/1.1");
  EXPECT_TRUE(head.keepAlive);
  ASSERT_EQ(head.fields.size(), 4u);  // the trailer is not a field of the head
  EXPECT_EQ(head.fields[2].first, "x-forwarded-for");
  ASSERT_NE(head.field("HOST"), nullptr);
  EXPECT_EQ(*head.field("HOST"), "x");
  EXPECT_EQ(head.field("X-Trailer"), nullptr);
  EXPECT_EQ(head.allValues("X-Forwarded-For"), "10.0.0.1, 10.0.0.2");
}

TEST(RequestFraming, KeepAliveFollowsTheVersionAndConnection) {
  const auto keepAlive = [](const std::string& head) {
    RequestFraming framing(1024);
    EXPECT_FALSE(framing.checkHead(head));
    return framing.takeHead().keepAlive;
  };
  EXPECT_TRUE(keepAlive("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, CLOSE\r\n\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(keepAlive("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
}

TEST(RequestFraming, AMethodLongerThan32BytesIsRefused) {
  RequestFraming framing(1024);
  EXPECT_FALSE(framing.checkHead(std::string(32, 'M') + " / HTTP/1.1\r\nHost: x\r\n\r\n"));
  RequestFraming longer(1024);
  const auto problem = longer.checkHead(std::string(33, 'M') + " / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 400);
}

}  // namespace
}  // namespace duka::host
