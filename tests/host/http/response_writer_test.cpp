// writeResponse alone: the bytes of an answer, the fields the server owns, HEAD, 204, and
// headers that cannot be sent.
#include "http/dispatch/response_writer.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace duka::host {
namespace {

std::string written(const Response& response, const AnswerFraming& framing = {}) {
  std::string out = "before|";
  writeResponse(response, "rid", framing, out);
  EXPECT_EQ(out.substr(0, 7), "before|");  // appended, never replaced
  return out.substr(7);
}

Response responseOf(int status, std::string body = "") {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// fieldsOf is the head's field lines, without the status line and the Date.
std::string fieldsOf(const std::string& answer) {
  std::string fields;
  std::size_t at = answer.find("\r\n") + 2;
  for (std::size_t end; (end = answer.find("\r\n", at)) != at; at = end + 2) {
    const std::string line = answer.substr(at, end - at);
    if (line.rfind("Date: ", 0) != 0)
      fields += line + "\n";
  }
  return fields;
}

TEST(ResponseWriter, WritesTheStatusLineFieldsAndBody) {
  Response response = responseOf(201, "{\"id\":1}");
  response.withHeader("Location", "/api/orders/1/");
  const std::string answer = written(response);
  EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 201 Created");
  EXPECT_EQ(fieldsOf(answer),
            "Server: duka\nX-Request-Id: rid\nLocation: /api/orders/1/\n"
            "Content-Type: application/json; charset=utf-8\nContent-Length: 8\n");
  EXPECT_NE(answer.find("\r\nDate: "), std::string::npos);
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "{\"id\":1}");
}

TEST(ResponseWriter, TheDateIsAnHttpDate) {
  const std::string answer = written(Response{});
  const auto at = answer.find("\r\nDate: ") + 8;
  const std::string date = answer.substr(at, answer.find("\r\n", at) - at);
  EXPECT_EQ(date.size(), 29u);  // "Tue, 08 Dec 2026 01:19:13 GMT"
  // It is the time now, as Poco reads an HTTP date.
  int zone = 0;
  const Poco::DateTime parsed =
      Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, date, zone);
  const auto apart = Poco::Timestamp() - parsed.timestamp();
  EXPECT_LT(std::abs(apart), 5 * Poco::Timespan::SECONDS) << date;
  EXPECT_EQ(zone, 0);
}

TEST(ResponseWriter, HeadKeepsTheLengthAndLeavesOutTheBody) {
  const std::string answer = written(responseOf(200, "12345"), {.headOnly = true});
  EXPECT_NE(fieldsOf(answer).find("Content-Length: 5\n"), std::string::npos);
  EXPECT_EQ(answer.substr(answer.size() - 4), "\r\n\r\n");
}

TEST(ResponseWriter, NoContentCarriesNoLengthOrType) {
  const std::string answer = written(Response::noContent());
  EXPECT_EQ(answer.substr(0, answer.find("\r\n")), "HTTP/1.1 204 No Content");
  EXPECT_EQ(fieldsOf(answer), "Server: duka\nX-Request-Id: rid\n");
}

TEST(ResponseWriter, ConnectionFollowsTheFraming) {
  EXPECT_NE(fieldsOf(written(Response{}, {.keepAlive = false})).find("Connection: close\n"),
            std::string::npos);
  EXPECT_EQ(fieldsOf(written(Response{})).find("Connection"), std::string::npos);
  const std::string old = written(Response{}, {.version = "HTTP/1.0"});
  EXPECT_EQ(old.substr(0, 15), "HTTP/1.0 200 OK");
  EXPECT_NE(fieldsOf(old).find("Connection: keep-alive\n"), std::string::npos);
}

TEST(ResponseWriter, TheServersFieldsAndUnsendableHeadersAreLeftOut) {
  Response response = responseOf(200, "ab");
  response.withHeader("Content-Length", "99")
      .withHeader("connection", "keep-alive")
      .withHeader("Transfer-Encoding", "chunked")
      .withHeader("Server", "other")
      .withHeader("Content-Type", "text/plain")
      .withHeader("X-Split", "a\r\nSet-Cookie: stolen=1")
      .withHeader("X-Bad\r\nName", "v")
      .withHeader("Vary", "Origin")
      .withHeader("vary", "Accept")  // a later header replaces an earlier one
      .withHeader("X-Request-Id", "handlers-own");
  EXPECT_EQ(fieldsOf(written(response)),
            "Server: duka\nvary: Accept\nX-Request-Id: handlers-own\n"
            "Content-Type: application/json; charset=utf-8\nContent-Length: 2\n");
}

TEST(ResponseWriter, AnUnknownStatusStillHasAReason) {
  const std::string answer = written(responseOf(599));
  EXPECT_EQ(answer.substr(0, 13), "HTTP/1.1 599 ");
  EXPECT_GT(answer.find("\r\n"), 13u);
}

}  // namespace
}  // namespace duka::host
