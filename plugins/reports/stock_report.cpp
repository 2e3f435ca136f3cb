#include "stock_report.hpp"

#include <Poco/UTF8String.h>

#include <algorithm>
#include <duka/facility/money.hpp>
#include <duka/plugins/inventory/item_rows.hpp>
#include <duka/shape.hpp>

namespace duka::reports {

namespace {

const Shape<StockRow>& stockRowShape() {
  static const Shape<StockRow> shape =
      Shape<StockRow>("StockRow", "An item and its stock")
          .field("id", &StockRow::id, {.readOnly = true})
          .field("sku", &StockRow::sku, {.nullable = true, .readOnly = true})
          .field("name", &StockRow::name, {.readOnly = true})
          .field("available", &StockRow::available,
                 {.description = "on_hand - reserved", .readOnly = true})
          .field("warn_limit", &StockRow::warnLimit, {.readOnly = true})
          .field("status", &StockRow::status,
                 {.readOnly = true, .choices = {"in_stock", "low_stock", "out_of_stock"}})
          .field("on_hand", &StockRow::onHand, {.readOnly = true})
          .field("reserved", &StockRow::reserved,
                 {.description = "Held by pending and approved orders", .readOnly = true})
          .field("price", &StockRow::priceMinor, {.readOnly = true, .money = true});
  return shape;
}

// need is available / warn_limit (a warn_limit of 0 counts as 1): the lower, the sooner
// the item needs restocking.
double need(const StockRow& row) {
  return static_cast<double>(row.available) /
         static_cast<double>(std::max<std::int64_t>(row.warnLimit, 1));
}

// needier orders a before b by need, then by name ignoring case, then by id.
bool needier(const StockRow& a, const StockRow& b) {
  if (need(a) != need(b))
    return need(a) < need(b);
  const std::string an = Poco::UTF8::toLower(a.name), bn = Poco::UTF8::toLower(b.name);
  return an != bn ? an < bn : a.id < b.id;
}

}  // namespace

const Shape<StockReport>& stockReportShape() {
  static const Shape<StockReport> shape =
      Shape<StockReport>("StockReport", "Every item, lowest available / warn_limit first")
          .field("currency", &StockReport::currency, {.readOnly = true})
          .field("rows", &StockReport::rows, stockRowShape(), {.readOnly = true});
  return shape;
}

StockReport stockReport(SqlSession& db, const std::string& currency) {
  StockReport report{.currency = currency, .rows = {}};
  for (const auto& item : inventory::kItemRows.all(db, "")) {
    report.rows.push_back({.id = item.id,
                           .sku = item.sku,
                           .name = item.name,
                           .onHand = item.onHand,
                           .reserved = item.reserved,
                           .available = item.available(),
                           .warnLimit = item.warnLimit,
                           .status = item.status(),
                           .priceMinor = item.priceMinor});
  }
  std::sort(report.rows.begin(), report.rows.end(), needier);
  return report;
}

CsvTable stockCsv(const StockReport& report) {
  CsvTable table(
      {"id", "sku", "name", "available", "warn_limit", "status", "on_hand", "reserved", "price"});
  for (const auto& row : report.rows)
    table.number(std::to_string(row.id))
        .text(row.sku)
        .text(row.name)
        .number(std::to_string(row.available))
        .number(std::to_string(row.warnLimit))
        .text(row.status)
        .number(std::to_string(row.onHand))
        .number(std::to_string(row.reserved))
        .number(formatMoney(row.priceMinor))
        .endRow();
  return table;
}

}  // namespace duka::reports
