// The small pieces of the HTTP edge: CORS headers, integers out of int64, escaped log text.
#include <gtest/gtest.h>

#include "http/dispatch/cors_policy.hpp"
#include "http/dispatch/json_integers.hpp"
#include "logging/escaping_formatter.hpp"

namespace duka::host {
namespace {

std::string header(const CorsPolicy::Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (key == name)
      return value;
  }
  return "";
}

TEST(CorsPolicy, ListedOriginsGetTheirOriginAndCredentials) {
  const CorsPolicy cors({"https://Shop.example/"});
  EXPECT_TRUE(cors.enabled());
  const auto headers = cors.responseHeaders("https://shop.example");
  EXPECT_EQ(header(headers, "Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(header(headers, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(header(headers, "Vary"), "Origin");
  EXPECT_TRUE(cors.responseHeaders("https://evil.example").empty());
  EXPECT_TRUE(cors.responseHeaders("").empty());
  const auto preflight = cors.preflightHeaders("https://shop.example", {"GET", "HEAD"});
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Methods"), "GET, HEAD");
  EXPECT_FALSE(header(preflight, "Access-Control-Max-Age").empty());
  EXPECT_FALSE(CorsPolicy({}).enabled());
}

TEST(CorsPolicy, AnyOriginNeverGetsCredentials) {
  const CorsPolicy cors({"*"});
  const auto headers = cors.responseHeaders("https://any.example");
  EXPECT_EQ(header(headers, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header(headers, "Access-Control-Allow-Credentials"), "");
}

TEST(JsonIntegers, FindsWholeNumbersBeyondInt64) {
  EXPECT_TRUE(integerOutOfRange(R"({"q":18446744073709551617})"));
  EXPECT_TRUE(integerOutOfRange(R"([1, -9223372036854775809])"));
  EXPECT_TRUE(integerOutOfRange(R"({"a":{"b":[9223372036854775808]}})"));
  EXPECT_FALSE(integerOutOfRange(R"({"q":9223372036854775807,"r":-9223372036854775808})"));
  EXPECT_FALSE(integerOutOfRange(R"({"q":"18446744073709551617"})"));      // a string
  EXPECT_FALSE(integerOutOfRange(R"({"q\"":"\"18446744073709551617"})"));  // escaped quotes
  EXPECT_FALSE(integerOutOfRange(R"({"q":1.8446744073709551617e19})"));    // not whole
  EXPECT_FALSE(integerOutOfRange(R"({"q":1e99999999999999999999})"));
}

TEST(EscapingFormatter, EscapesControlCharacters) {
  EXPECT_EQ(escapeControls("a\nb\r\x01\x7f\tc"), "a\\x0Ab\\x0D\\x01\\x7F\\x09c");
  EXPECT_EQ(escapeControls("plain \xC3\xA9"), "plain \xC3\xA9");
  EscapingFormatter formatter("%p %t");
  std::string line;
  formatter.format(
      Poco::Message("test", "kid=x\n2026 Critical duka: FORGED", Poco::Message::PRIO_NOTICE), line);
  EXPECT_EQ(line, "Notice kid=x\\x0A2026 Critical duka: FORGED");
}

}  // namespace
}  // namespace duka::host
