#include "logging/json_formatter.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Message.h>
#include <gtest/gtest.h>

#include "duka/facility/utf8.hpp"
#include "logging/escaping_formatter.hpp"
#include "logging/log_context.hpp"

namespace duka::host {
namespace {

Poco::JSON::Object::Ptr formatted(const Poco::Message& message) {
  std::string text;
  JsonFormatter().format(message, text);
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(JsonFormatter, WritesOneObjectWithTimeLevelLoggerAndMessage) {
  const Poco::Message message("plugin.sms", "sent 3 messages", Poco::Message::PRIO_WARNING);
  const auto line = formatted(message);
  EXPECT_EQ(line->getValue<std::string>("level"), "warning");
  EXPECT_EQ(line->getValue<std::string>("logger"), "plugin.sms");
  EXPECT_EQ(line->getValue<std::string>("message"), "sent 3 messages");
  const std::string time = line->getValue<std::string>("time");
  EXPECT_EQ(time.size(), 24u) << time;  // 2026-11-29T08:00:00.123Z
  EXPECT_EQ(time.back(), 'Z');
  EXPECT_FALSE(line->has("request_id"));
}

TEST(JsonFormatter, NamesTheRequestTheThreadServes) {
  const RequestLogScope scope("rid-42");
  EXPECT_EQ(formatted(Poco::Message("duka", "x", Poco::Message::PRIO_ERROR))
                ->getValue<std::string>("request_id"),
            "rid-42");
}

TEST(JsonFormatter, AccessFieldsAreFieldsAndNumbersAreNumbers) {
  Poco::Message message("http.access", "the text line", Poco::Message::PRIO_INFORMATION);
  message.set("method", "POST");
  message.set("route", "/api/orders/");
  message.set("path", "/api/orders/");
  message.set("status", "201");
  message.set("duration_ms", "1.234");
  message.set("bytes", "512");
  message.set("client", "203.0.113.9");
  message.set("request_id", "abc");
  const auto line = formatted(message);
  EXPECT_EQ(line->getValue<std::string>("method"), "POST");
  EXPECT_EQ(line->getValue<std::string>("route"), "/api/orders/");
  EXPECT_EQ(line->getValue<int>("status"), 201);
  EXPECT_TRUE(line->get("status").isInteger());
  EXPECT_DOUBLE_EQ(line->getValue<double>("duration_ms"), 1.234);
  EXPECT_EQ(line->getValue<std::string>("client"), "203.0.113.9");
  EXPECT_EQ(line->getValue<std::string>("request_id"), "abc");
}

TEST(JsonFormatter, EscapesControlsQuotesAndBytesThatAreNotUtf8) {
  const std::string text =
      std::string("a \"quoted\" \\ line\nforged\x01 ✓ \xff\xfe end ") + "\xc3" /* cut off */;
  const auto line = formatted(Poco::Message("duka", text, Poco::Message::PRIO_INFORMATION));
  EXPECT_EQ(line->getValue<std::string>("message"),
            "a \"quoted\" \\ line\nforged\x01 ✓ \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd");
  std::string raw;
  appendJsonString(raw, "\xed\xa0\x80");  // an encoded surrogate is not UTF-8 either
  EXPECT_EQ(raw, "\"\\ufffd\\ufffd\\ufffd\"");
}

TEST(JsonFormatter, EscapesC1ControlsAndLineSeparators) {
  std::string raw;
  appendJsonString(raw,
                   "a\xc2\x85"
                   "b\xe2\x80\xa8"
                   "c\xe2\x80\xa9"
                   "d");  // NEL, U+2028, U+2029
  EXPECT_EQ(raw, "\"a\\u0085b\\u2028c\\u2029d\"");
}

TEST(EscapingFormatter, TextLinesAreValidUtf8WithNoControlOrSeparator) {
  EXPECT_EQ(escapeControls("GET /metr\xff"
                           "ics"),
            "GET /metr\\xFFics");
  EXPECT_EQ(escapeControls("a\nb\x7f"), "a\\x0Ab\\x7F");
  EXPECT_EQ(escapeControls("a\xc2\x85"
                           "b\xe2\x80\xa8"
                           "c"),
            "a\\u0085b\\u2028c");
  EXPECT_EQ(escapeControls("amína ✓"), "amína ✓");
  EXPECT_TRUE(isUtf8(escapeControls("\xc3 \xed\xa0\x80 \xf5")));
}

}  // namespace
}  // namespace duka::host
