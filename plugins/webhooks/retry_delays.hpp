// When a webhook delivery is tried again (SPEC 11): after about 5 s, 5 min, 30 min, 2 h, 5 h,
// 10 h, 14 h, 20 h and 24 h (each drawn within ±10%), then it fails; a Retry-After the
// receiver sends is honoured up to 24 h.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace duka::webhooks {

// kMaxAttempts is the first attempt and its nine retries.
inline constexpr int kMaxAttempts = 10;

// retryDelay is the wait after the attempts-th attempt failed (1 for the first), jitter a
// number in [0, 1); none once every retry is spent.
std::optional<std::chrono::seconds> retryDelay(int attempts, double jitter);

// retryAfter reads a Retry-After value (seconds, or an HTTP date relative to now), capped at
// 24 h; none when it is neither.
std::optional<std::chrono::seconds> retryAfter(const std::string& value,
                                               std::chrono::system_clock::time_point now);

}  // namespace duka::webhooks
