// waitUntil: polls a condition until it holds or a deadline passes, for what duka does after
// it answers (an outbox's send, the audit seal, a log line). Never a fixed sleep.
//
//   ASSERT_TRUE(waitUntil([&] { return gateway.requests().size() == 1; }));
#pragma once

#include <chrono>
#include <functional>

namespace duka::test {

// waitUntil answers true as soon as condition() does, false when timeout passed first.
bool waitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10),
               std::chrono::milliseconds poll = std::chrono::milliseconds(20));

}  // namespace duka::test
