// The reports plugin's pieces: the days of a period in a time zone (daylight saving
// included), RFC 4180 CSV with formulas defused, and JSON or CSV from Accept.
#include <date/tz.h>
#include <gtest/gtest.h>

#include <duka/http.hpp>

#include "csv_table.hpp"
#include "report_format.hpp"
#include "report_period.hpp"

namespace duka::reports {
namespace {

using namespace std::chrono_literals;

std::chrono::system_clock::time_point at(const std::string& rfc3339) {
  std::istringstream in(rfc3339);
  date::sys_seconds when;
  in >> date::parse("%FT%TZ", when);
  return when;
}

ReportPeriod period(const std::string& from, const std::string& to,
                    const std::string& zone = "Africa/Nairobi") {
  return ReportPeriod::of(from, to, *date::locate_zone(zone), at("2026-12-05T12:00:00Z"));
}

// fieldOf is the one field a 422 names.
std::string fieldOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 422);
    return e.errors().empty() ? "" : e.errors().begin()->first;
  }
  return "(no error)";
}

TEST(ReportPeriod, ANairobiDayRunsFrom21hUtcTheDayBefore) {
  const auto days = period("2026-03-10", "2026-03-11").days();
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, "2026-03-10");
  EXPECT_EQ(days[0].starts, "2026-03-09T21:00:00Z");
  EXPECT_EQ(days[0].ends, "2026-03-10T21:00:00Z");
  EXPECT_EQ(days[1].starts, "2026-03-10T21:00:00Z");
  EXPECT_EQ(days[1].ends, "2026-03-11T21:00:00Z");
}

TEST(ReportPeriod, DaylightSavingMakesDaysOf23And25Hours) {
  const auto spring = period("2026-03-29", "2026-03-29", "Europe/London").days();
  EXPECT_EQ(spring[0].starts, "2026-03-29T00:00:00Z");
  EXPECT_EQ(spring[0].ends, "2026-03-29T23:00:00Z");
  const auto autumn = period("2026-10-25", "2026-10-25", "Europe/London").days();
  EXPECT_EQ(autumn[0].starts, "2026-10-24T23:00:00Z");
  EXPECT_EQ(autumn[0].ends, "2026-10-26T00:00:00Z");
}

TEST(ReportPeriod, DaysFollowOneAnotherWithoutGapInEveryZoneTried) {
  // Havana's clocks skip its midnight in March: the day starts when the clock does.
  for (const std::string zone : {"Africa/Nairobi", "UTC", "Europe/London", "America/Havana",
                                 "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns"}) {
    const auto days = period("2025-12-06", "2026-12-05", zone).days();
    ASSERT_EQ(days.size(), 365u) << zone;
    for (std::size_t i = 0; i < days.size(); ++i) {
      EXPECT_LT(days[i].starts, days[i].ends) << zone << " " << days[i].date;
      if (i > 0) {
        EXPECT_EQ(days[i].starts, days[i - 1].ends) << zone << " " << days[i].date;
      }
    }
  }
}

TEST(ReportPeriod, WithoutDatesItIsTheLast30DaysUpToTodayInTheZone) {
  // 22:30 UTC on the 5th is 01:30 on the 6th in Nairobi.
  const auto nairobi = ReportPeriod::of(
      std::nullopt, std::nullopt, *date::locate_zone("Africa/Nairobi"), at("2026-12-05T22:30:00Z"));
  EXPECT_EQ(nairobi.to(), "2026-12-06");
  EXPECT_EQ(nairobi.from(), "2026-11-07");
  EXPECT_EQ(nairobi.days().size(), 30u);
  const auto utc = ReportPeriod::of(std::nullopt, std::nullopt, *date::locate_zone("UTC"),
                                    at("2026-12-05T22:30:00Z"));
  EXPECT_EQ(utc.to(), "2026-12-05");
  const auto toOnly = ReportPeriod::of(std::nullopt, std::string("2026-01-31"),
                                       *date::locate_zone("UTC"), at("2026-12-05T22:30:00Z"));
  EXPECT_EQ(toOnly.from(), "2026-01-02");
}

TEST(ReportPeriod, AtMost366DaysBothIncluded) {
  EXPECT_EQ(period("2024-01-01", "2024-12-31").days().size(), 366u);  // a leap year
  EXPECT_EQ(fieldOf([] { period("2024-01-01", "2025-01-01"); }), "to");
  EXPECT_EQ(period("2026-05-05", "2026-05-05").days().size(), 1u);
  EXPECT_EQ(fieldOf([] { period("2026-05-06", "2026-05-05"); }), "to");
}

TEST(ReportPeriod, WhatIsNoDateIs422NamingTheField) {
  for (const std::string bad :
       {"2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00", "",
        "1969-12-31", "２０２６-01-01", "2026-01-0x", "-2026-01-1"}) {
    EXPECT_EQ(fieldOf([&] { period(bad, "2026-03-01"); }), "from") << bad;
    EXPECT_EQ(fieldOf([&] { period("2026-01-01", bad); }), "to") << bad;
  }
  EXPECT_EQ(period("2024-02-29", "2024-02-29").from(), "2024-02-29");
}

TEST(CsvTable, QuotesWhatNeedsItAndEndsLinesWithCrLf) {
  CsvTable table({"key", "label", "total"});
  table.text("1").text("Soap, big").number("12.50").endRow();
  table.text("2").text("The \"best\" tea").number("3.00").endRow();
  table.text("3").text("two\nlines\r\nhere").number("0.00").endRow();
  table.text("4").text("").number("1").endRow();
  EXPECT_EQ(table.csv(),
            "key,label,total\r\n"
            "1,\"Soap, big\",12.50\r\n"
            "2,\"The \"\"best\"\" tea\",3.00\r\n"
            "3,\"two\nlines\r\nhere\",0.00\r\n"
            "4,,1\r\n");
}

TEST(CsvTable, TextASpreadsheetWouldRunIsWrittenAsText) {
  CsvTable table({"label", "n"});
  for (const std::string formula : {"=1+1", "+254712", "-2", "@SUM(A1)", "\tx", "\rx"})
    table.text(formula).number("-3.05").endRow();
  EXPECT_EQ(table.csv(),
            "label,n\r\n'=1+1,-3.05\r\n'+254712,-3.05\r\n'-2,-3.05\r\n'@SUM(A1),-3.05\r\n"
            "'\tx,-3.05\r\n\"'\rx\",-3.05\r\n");
}

TEST(ReportFormat, AcceptPrefersTheHigherQualityThenTheFirstListed) {
  EXPECT_EQ(acceptedFormat("text/csv"), ReportFormat::Csv);
  EXPECT_EQ(acceptedFormat("TEXT/CSV; charset=utf-8"), ReportFormat::Csv);
  EXPECT_EQ(acceptedFormat("*/*"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("application/json"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("text/csv, application/json"), ReportFormat::Csv);
  EXPECT_EQ(acceptedFormat("application/json, text/csv"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("application/json;q=0.5, text/csv"), ReportFormat::Csv);
  EXPECT_EQ(acceptedFormat("text/csv;q=0.2, */*;q=0.8"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("text/csv;q=0"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("text/csv;q=x"), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat("text/html, text/csv;q=0.9"), ReportFormat::Csv);
  EXPECT_EQ(acceptedFormat(""), ReportFormat::Json);
  EXPECT_EQ(acceptedFormat(",,;;,"), ReportFormat::Json);
}

}  // namespace
}  // namespace duka::reports
