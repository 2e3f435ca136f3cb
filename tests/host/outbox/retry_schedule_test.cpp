// The retry schedule: about retry_base_s first, doubling, capped at retry_max_s, with
// jitter that never goes below half the step.
#include "outbox/retry_schedule.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetrySchedule, DoublesFromTheBaseUpToTheCap) {
  const RetrySchedule schedule(seconds(2), seconds(600));
  EXPECT_EQ(schedule.ceiling(1), milliseconds(2000));
  EXPECT_EQ(schedule.ceiling(2), milliseconds(4000));
  EXPECT_EQ(schedule.ceiling(3), milliseconds(8000));
  EXPECT_EQ(schedule.ceiling(9), milliseconds(512000));
  EXPECT_EQ(schedule.ceiling(10), milliseconds(600000));
  EXPECT_EQ(schedule.ceiling(1000), milliseconds(600000));  // no overflow
}

TEST(RetrySchedule, JitterStaysBetweenHalfAndTheWholeStep) {
  const RetrySchedule schedule(seconds(2), seconds(600));
  EXPECT_EQ(schedule.delayAfter(1, 0.0), milliseconds(1000));
  EXPECT_EQ(schedule.delayAfter(1, 0.999999), milliseconds(1999));
  EXPECT_EQ(schedule.delayAfter(3, 0.5), milliseconds(6000));
  EXPECT_EQ(schedule.delayAfter(50, 1.0), milliseconds(600000));
  EXPECT_EQ(schedule.delayAfter(1, -3.0), milliseconds(1000));  // clamped
}

TEST(RetrySchedule, ACapBelowTheBaseWins) {
  const RetrySchedule schedule(seconds(10), seconds(3));
  EXPECT_EQ(schedule.ceiling(1), milliseconds(3000));
}

}  // namespace
}  // namespace duka::host
