#include "retry_delays.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <array>

namespace duka::webhooks {

namespace {

using namespace std::chrono_literals;
constexpr std::array<std::chrono::seconds, kMaxAttempts - 1> kSchedule{5s,  5min, 30min, 2h, 5h,
                                                                       10h, 14h,  20h,   24h};
constexpr auto kLongest = std::chrono::seconds(24h);

}  // namespace

std::optional<std::chrono::seconds> retryDelay(int attempts, double jitter) {
  if (attempts < 1 || attempts > static_cast<int>(kSchedule.size()))
    return std::nullopt;
  const double base =
      static_cast<double>(kSchedule[static_cast<std::size_t>(attempts - 1)].count());
  return std::chrono::seconds(static_cast<std::int64_t>(base * (0.9 + 0.2 * jitter)));
}

std::optional<std::chrono::seconds> retryAfter(const std::string& value,
                                               std::chrono::system_clock::time_point now) {
  if (value.empty())
    return std::nullopt;
  Poco::UInt64 seconds = 0;
  if (Poco::NumberParser::tryParseUnsigned64(value, seconds))
    return std::min(std::chrono::seconds(static_cast<std::int64_t>(std::min<Poco::UInt64>(
                        seconds, static_cast<Poco::UInt64>(kLongest.count())))),
                    kLongest);
  // An HTTP date as RFC 9110 has senders write it: "Sun, 06 Nov 1994 08:49:37 GMT" (Poco's
  // parser alone takes nearly anything).
  const bool imfFixdate =
      value.size() == 29 && value[3] == ',' && value.compare(25, 4, " GMT") == 0;
  int zone = 0;
  Poco::DateTime at;
  if (!imfFixdate ||
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, value, at, zone))
    return std::nullopt;
  at.makeUTC(zone);
  if (at.year() < 1970 || at.year() > 9999)
    return std::nullopt;
  const auto until = std::chrono::system_clock::time_point(
      std::chrono::microseconds(at.timestamp().epochMicroseconds()));
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(until - now);
  return std::clamp(wait, std::chrono::seconds(0), kLongest);
}

}  // namespace duka::webhooks
