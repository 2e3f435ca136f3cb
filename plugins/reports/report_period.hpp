// ReportPeriod: the days a report covers, from ?from= and ?to= (YYYY-MM-DD, both included,
// in [reports] timezone), each with the UTC instants it starts and ends at, written as
// duka stores times (RFC 3339 text, which sorts as time does). A day is not always 24
// hours: a daylight-saving change makes it 23 or 25.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace date {
class time_zone;
}

namespace duka::reports {

struct ReportDay {
  std::string date;    // YYYY-MM-DD, local
  std::string starts;  // the first instant of the day (UTC, RFC 3339)
  std::string ends;    // the first instant of the next day
};

class ReportPeriod {
 public:
  static constexpr int kMaxDays = 366;
  static constexpr int kDefaultDays = 30;

  // of reads the period: both dates given, or to alone, or neither (to: today there;
  // from: kDefaultDays days up to to). A date that is none, to before from, or more than
  // kMaxDays days: 422 naming the field.
  static ReportPeriod of(const std::optional<std::string>& from,
                         const std::optional<std::string>& to, const date::time_zone& zone,
                         std::chrono::system_clock::time_point now);

  const std::string& from() const { return days_.front().date; }
  const std::string& to() const { return days_.back().date; }
  const std::string& starts() const { return days_.front().starts; }
  const std::string& ends() const { return days_.back().ends; }
  const std::vector<ReportDay>& days() const { return days_; }

 private:
  std::vector<ReportDay> days_;
};

}  // namespace duka::reports
