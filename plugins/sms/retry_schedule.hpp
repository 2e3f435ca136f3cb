// RetrySchedule: how long the dispatcher waits before attempt n+1 of a message: about
// retry_base_s, doubling with each attempt, never more than retry_max_s, with jitter so
// that messages failed together do not retry together.
#pragma once

#include <chrono>

namespace duka::sms {

class RetrySchedule {
 public:
  RetrySchedule(std::chrono::seconds base, std::chrono::seconds max) : base_(base), max_(max) {}

  // ceiling is the wait after `attempts` failed attempts (1, 2, ...) before jitter:
  // base * 2^(attempts-1), capped at max.
  std::chrono::milliseconds ceiling(int attempts) const;
  // delayAfter draws the wait: uniform in [ceiling/2, ceiling] ("equal jitter"), so it is
  // never shorter than half the ceiling. unit is a random number in [0, 1).
  std::chrono::milliseconds delayAfter(int attempts, double unit) const;

 private:
  std::chrono::seconds base_;
  std::chrono::seconds max_;
};

}  // namespace duka::sms
