// RetrySchedule: the wait before an outbox row's next attempt.
#pragma once

#include <chrono>

namespace duka::host {

// RetrySchedule is the wait before attempt n+1: base * 2^(n-1), capped at max, drawn uniformly
// from [half, whole] of that ("equal jitter") so rows failed together do not retry together.
class RetrySchedule {
 public:
  RetrySchedule(std::chrono::seconds base, std::chrono::seconds max) : base_(base), max_(max) {}
  std::chrono::milliseconds ceiling(int attempts) const;
  std::chrono::milliseconds delayAfter(int attempts, double unit) const;  // unit in [0, 1)

 private:
  std::chrono::seconds base_;
  std::chrono::seconds max_;
};

}  // namespace duka::host
