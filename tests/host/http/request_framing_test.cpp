// RequestFraming alone: where heads end, which heads are refused, and strict bodies.
#include "http/request_framing.hpp"

#include <gtest/gtest.h>

#include "duka/http.hpp"

namespace duka::host {
namespace {

// reader serves text in pieces of at most step bytes, then end of stream.
RequestFraming::ReadSome reader(std::string text, std::size_t step = 3) {
  auto rest = std::make_shared<std::string>(std::move(text));
  return [rest, step](char* buffer, int length) {
    const std::size_t n = std::min({rest->size(), step, static_cast<std::size_t>(length)});
    rest->copy(buffer, n);
    rest->erase(0, n);
    return static_cast<int>(n);
  };
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
  std::string leftover;
  const std::string body = framing.readBody(
      reader("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\nGET /next", 1000),
      leftover);
  EXPECT_EQ(body, "hello world");
  EXPECT_EQ(leftover, "GET /next");  // read past the body in one go: handed back
}

TEST(RequestFraming, MalformedOrLargeBodiesThrow) {
  auto read = [](const std::string& head, const std::string& body, std::size_t limit) -> int {
    RequestFraming framing(limit);
    EXPECT_FALSE(framing.checkHead(head));
    std::string leftover;
    try {
      framing.readBody(reader(body), leftover);
    } catch (const HttpError& e) {
      return e.status();
    }
    return 200;
  };
  const std::string chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(read(chunked, "zz\r\nab\r\n0\r\n\r\n", 1024), 400);
  EXPECT_EQ(read(chunked, "2\r\nabXX0\r\n\r\n", 1024), 400);
  EXPECT_EQ(read(chunked, "2\r\nab\r\n", 1024), 400);  // ends early
  EXPECT_EQ(read(chunked, "8\r\nabcdefgh\r\n0\r\n\r\n", 4), 413);
  const std::string fixed = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(read(fixed, "abc", 1024), 400);
  EXPECT_EQ(read(fixed, "abcde", 1024), 200);
}

}  // namespace
}  // namespace duka::host
