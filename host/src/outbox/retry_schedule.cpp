#include "outbox/retry_schedule.hpp"

#include <algorithm>
#include <cstdint>

namespace duka::host {

std::chrono::milliseconds RetrySchedule::ceiling(int attempts) const {
  const std::chrono::milliseconds cap = max_;
  std::chrono::milliseconds wait = base_;
  for (int i = 1; i < attempts && wait < cap; ++i)
    wait *= 2;
  return std::min(wait, cap);
}

std::chrono::milliseconds RetrySchedule::delayAfter(int attempts, double unit) const {
  const auto top = ceiling(attempts).count();
  const double clamped = std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds(top / 2 + static_cast<std::int64_t>((top - top / 2) * clamped));
}

}  // namespace duka::host
