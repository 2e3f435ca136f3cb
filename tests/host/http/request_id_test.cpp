#include <gtest/gtest.h>

#include <set>

#include "http/dispatch/request_handler.hpp"

namespace duka::host {
namespace {

TEST(RequestId, EchoesSaneClientIds) {
  EXPECT_EQ(makeRequestId("abc-123"), "abc-123");
  EXPECT_EQ(makeRequestId(std::string(128, 'x')), std::string(128, 'x'));
}

TEST(RequestId, ReplacesMissingOrUnsafeIds) {
  std::set<std::string> seen;
  for (const std::string& bad : {std::string(""), std::string(129, 'x'), std::string("a b"),
                                 std::string("a\r\nb"), std::string("ü")}) {
    const std::string id = makeRequestId(bad);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 5u);
}

}  // namespace
}  // namespace duka::host
