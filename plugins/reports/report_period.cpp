#include "report_period.hpp"

#include <date/tz.h>

#include <duka/database.hpp>
#include <duka/http.hpp>

namespace duka::reports {

namespace {

// parseDate reads YYYY-MM-DD, a day of the calendar; none otherwise.
std::optional<date::sys_days> parseDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
      return std::nullopt;
  const date::year_month_day day{date::year{std::stoi(text.substr(0, 4))},
                                 date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                 date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  if (!day.ok() || day.year() < date::year{1970})
    return std::nullopt;
  return date::sys_days{day};
}

std::string format(date::sys_days day) {
  return date::format("%F", day);
}

// midnight is the first instant of a local day; where a clock change skips midnight, the
// instant the day starts at.
std::string midnight(const date::time_zone& zone, date::sys_days day) {
  const auto local = date::local_days{date::year_month_day{day}};
  return rfc3339(std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      zone.to_sys(local, date::choose::earliest)));
}

}  // namespace

ReportPeriod ReportPeriod::of(const std::optional<std::string>& from,
                              const std::optional<std::string>& to, const date::time_zone& zone,
                              std::chrono::system_clock::time_point now) {
  FieldErrors errors;
  const auto read = [&](const std::optional<std::string>& text, const char* field) {
    std::optional<date::sys_days> day;
    if (text && !(day = parseDate(*text)))
      errors[field].push_back("is not a date (YYYY-MM-DD)");
    return day;
  };
  auto first = read(from, "from"), last = read(to, "to");
  if (!errors.empty())
    throw unprocessable("The report's period is not one.", errors);
  if (!last) {
    const auto today = date::floor<date::days>(zone.to_local(now));
    last = date::sys_days{today.time_since_epoch()};
  }
  if (!first)
    first = *last - date::days{kDefaultDays - 1};
  if (*last < *first)
    throw unprocessable("The report's period ends before it starts.", {{"to", {"is before from"}}});
  const auto count = (*last - *first).count() + 1;
  if (count > kMaxDays)
    throw unprocessable(
        "A report covers at most " + std::to_string(kMaxDays) + " days.",
        {{"to",
          {"is more than " + std::to_string(kMaxDays) + " days after from (both included)"}}});
  ReportPeriod period;
  period.days_.reserve(static_cast<std::size_t>(count));
  std::string starts = midnight(zone, *first);
  for (auto day = *first; day <= *last; day += date::days{1}) {
    std::string ends = midnight(zone, day + date::days{1});
    period.days_.push_back({format(day), starts, ends});
    starts = std::move(ends);
  }
  return period;
}

}  // namespace duka::reports
