// StockReport: every item with what is available of it and its status, the items most in
// need of restocking first: lowest available / warn_limit, then by name (SPEC 14). Read from
// the inventory plugin's published table (duka/plugins/inventory/item_rows.hpp); status is
// inventory's own rule (Item::status).
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <string>
#include <vector>

#include "csv_table.hpp"

namespace duka::reports {

struct StockRow {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  std::int64_t onHand = 0;
  std::int64_t reserved = 0;
  std::int64_t available = 0;
  std::int64_t warnLimit = 0;
  std::string status;  // in_stock, low_stock, out_of_stock
  std::int64_t priceMinor = 0;
};

struct StockReport {
  std::string currency;
  std::vector<StockRow> rows;
};

const Shape<StockReport>& stockReportShape();

StockReport stockReport(SqlSession& db, const std::string& currency);

// stockCsv is the report's rows: id, sku, name, available, warn_limit, status, on_hand,
// reserved, price.
CsvTable stockCsv(const StockReport& report);

}  // namespace duka::reports
