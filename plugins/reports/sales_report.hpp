// SalesReport: what approved and fulfilled orders sold in a period (never cancelled or
// pending ones), on the day of their creation in [reports] timezone, grouped by day, item
// or customer (SPEC 14), read from the orders plugin's published tables
// (duka/plugins/orders/order_rows.hpp) and labelled from the inventory's and customers'.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <string>
#include <vector>

#include "csv_table.hpp"
#include "report_period.hpp"

namespace duka::reports {

inline constexpr const char* kByDay = "day";
inline constexpr const char* kByItem = "item";
inline constexpr const char* kByCustomer = "customer";

struct SalesTotals {
  std::int64_t orders = 0;  // the orders counted (an order of two items counts once)
  std::int64_t units = 0;   // the quantities of their lines
  std::int64_t totalMinor = 0;
};

// SalesRow is one group: key is the day (YYYY-MM-DD) or the item's or customer's id;
// label the day, or the item's or customer's name.
struct SalesRow {
  std::string key;
  std::string label;
  SalesTotals sales;
};

struct SalesReport {
  std::string from, to, group, currency;
  std::vector<SalesRow>
      rows;  // days in order (every day, sold or not); else by total, highest first
  SalesTotals totals;
};

const Shape<SalesReport>& salesReportShape();

// salesReport reads the report on db.
SalesReport salesReport(SqlSession& db, const ReportPeriod& period, const std::string& group,
                        const std::string& currency);

// salesCsv is the report's rows: key, label, orders, units, total.
CsvTable salesCsv(const SalesReport& report);

}  // namespace duka::reports
