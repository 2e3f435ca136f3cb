// Polling with a deadline (duka/testing/wait_until.hpp).
#include "duka/testing/wait_until.hpp"

#include <thread>

namespace duka::test {

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
               std::chrono::milliseconds poll) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition())
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(poll);
  }
}

}  // namespace duka::test
