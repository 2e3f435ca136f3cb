#include "sales_report.hpp"

#include <duka/facility/money.hpp>
#include <duka/plugins/customers/customer_rows.hpp>
#include <duka/plugins/inventory/item_rows.hpp>
#include <duka/plugins/orders/order_rows.hpp>
#include <duka/shape.hpp>
#include <map>

namespace duka::reports {

namespace {

// What counts as sold: an order approved or fulfilled, never a pending or cancelled one.
const std::string kSold = std::string("(o.status = '") + orders::kApproved + "' OR o.status = '" +
                          orders::kFulfilled + "')";

const Shape<SalesTotals>& totalsShape() {
  static const Shape<SalesTotals> shape =
      Shape<SalesTotals>("SalesTotals", "Orders, units and money sold")
          .field("orders", &SalesTotals::orders,
                 {.description = "Orders approved or fulfilled", .readOnly = true})
          .field("units", &SalesTotals::units,
                 {.description = "The quantities of their lines", .readOnly = true})
          .field("total", &SalesTotals::totalMinor, {.readOnly = true, .money = true});
  return shape;
}

const Shape<SalesRow>& salesRowShape() {
  static const Shape<SalesRow> shape =
      Shape<SalesRow>("SalesRow", "One day, item or customer of a sales report")
          .field("key", &SalesRow::key,
                 {.description = "The day (YYYY-MM-DD), or the item's or customer's id",
                  .readOnly = true})
          .field("label", &SalesRow::label,
                 {.description = "The day, or the item's or customer's name", .readOnly = true})
          .embed(&SalesRow::sales, totalsShape());
  return shape;
}

// add reads a group's orders, units and total from columns 2, 3 and 4.
void add(SalesTotals& to, const SqlRow& row) {
  to.orders += row.integer(2);
  to.units += row.integer(3);
  to.totalMinor += row.integer(4);
}

// byDay: one range scan of the orders' creation-time index per day, the days written into
// the statement (dates and instants duka formatted itself, never the caller's text).
std::vector<SalesRow> byDay(SqlSession& db, const ReportPeriod& period) {
  std::string days;
  for (const auto& day : period.days()) {
    days.append(days.empty() ? "" : ", ")
        .append("('")
        .append(day.date)
        .append("', '")
        .append(day.starts)
        .append("', '")
        .append(day.ends)
        .append("')");
  }
  std::map<std::string, SalesRow> found;
  db.run("WITH days (day, starts, ends) AS (VALUES " + days +
             ") SELECT days.day, days.day, COUNT(*), COALESCE(SUM(o.units), 0), "
             "COALESCE(SUM(o.total_minor), 0) FROM days JOIN " +
             orders::kOrderRows.table() +
             " o ON o.created_at >= days.starts AND o.created_at < days.ends WHERE " + kSold +
             " GROUP BY days.day",
         {}, [&](const SqlRow& row) {
           SalesRow& sold = found[row.text(0)];
           add(sold.sales, row);
         });
  std::vector<SalesRow> rows;
  rows.reserve(period.days().size());
  for (const auto& day : period.days()) {
    const auto sold = found.find(day.date);
    SalesRow row = sold == found.end() ? SalesRow{} : sold->second;
    row.key = row.label = day.date;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<SalesRow> grouped(SqlSession& db, const ReportPeriod& period, const std::string& sql) {
  std::vector<SalesRow> rows;
  db.run(sql, {period.starts(), period.ends()}, [&](const SqlRow& row) {
    SalesRow& sold = rows.emplace_back();
    sold.key = std::to_string(row.integer(0));
    sold.label = row.text(1);
    add(sold.sales, row);
  });
  return rows;
}

// byItem: the lines of the period's orders; the label is the item's name now, or its name
// on the last line sold when it was deleted since.
std::vector<SalesRow> byItem(SqlSession& db, const ReportPeriod& period) {
  return grouped(db, period,
                 "SELECT l.inventory_id, COALESCE(MAX(i.name), MAX(l.name)), "
                 "COUNT(DISTINCT o.id), SUM(l.quantity), SUM(l.quantity * l.unit_price_minor) "
                 "FROM " +
                     orders::kOrderRows.table() + " o JOIN " + orders::kOrderLineRows.table() +
                     " l ON l.order_id = o.id LEFT JOIN " + inventory::kItemRows.table() +
                     " i ON i.id = l.inventory_id WHERE o.created_at >= $1 AND "
                     "o.created_at < $2 AND " +
                     kSold + " GROUP BY l.inventory_id ORDER BY 5 DESC, 1");
}

std::vector<SalesRow> byCustomer(SqlSession& db, const ReportPeriod& period) {
  auto rows =
      grouped(db, period,
              "SELECT o.customer_id, COALESCE(MAX(c.name), ''), COUNT(*), SUM(o.units), "
              "SUM(o.total_minor) FROM " +
                  orders::kOrderRows.table() + " o LEFT JOIN " + customers::kCustomerRows.table() +
                  " c ON c.id = o.customer_id WHERE o.created_at >= $1 AND o.created_at < $2 AND " +
                  kSold + " GROUP BY o.customer_id ORDER BY 5 DESC, 1");
  for (auto& row : rows)
    if (row.label.empty())
      row.label = "customer " + row.key + " (deleted)";
  return rows;
}

}  // namespace

const Shape<SalesReport>& salesReportShape() {
  static const Shape<SalesReport> shape =
      Shape<SalesReport>("SalesReport",
                         "Orders approved or fulfilled in a period, on the day of their creation "
                         "in [reports] timezone")
          .field("from", &SalesReport::from,
                 {.description = "The first day (YYYY-MM-DD), included", .readOnly = true})
          .field("to", &SalesReport::to,
                 {.description = "The last day (YYYY-MM-DD), included", .readOnly = true})
          .field("group", &SalesReport::group,
                 {.readOnly = true, .choices = {kByDay, kByItem, kByCustomer}})
          .field("currency", &SalesReport::currency, {.readOnly = true})
          .field("rows", &SalesReport::rows, salesRowShape(), {.readOnly = true})
          .computed("totals",
                    [](const SalesReport& report) {
                      return Poco::Dynamic::Var(totalsShape().object(report.totals));
                    },
                    {.description = "The period's {orders, units, total} (an order counts once)"});
  return shape;
}

SalesReport salesReport(SqlSession& db, const ReportPeriod& period, const std::string& group,
                        const std::string& currency) {
  SalesReport report{.from = period.from(),
                     .to = period.to(),
                     .group = group,
                     .currency = currency,
                     .rows = {},
                     .totals = {}};
  if (group == kByItem) {
    report.rows = byItem(db, period);
    // An order of two items is in two rows: the period's orders are counted on their own.
    db.run(
        "SELECT 0, '', COUNT(*), COALESCE(SUM(o.units), 0), COALESCE(SUM(o.total_minor), 0) "
        "FROM " +
            orders::kOrderRows.table() + " o WHERE o.created_at >= $1 AND o.created_at < $2 AND " +
            kSold,
        {period.starts(), period.ends()}, [&](const SqlRow& row) { add(report.totals, row); });
    return report;
  }
  report.rows = group == kByCustomer ? byCustomer(db, period) : byDay(db, period);
  for (const auto& row : report.rows) {
    report.totals.orders += row.sales.orders;
    report.totals.units += row.sales.units;
    report.totals.totalMinor += row.sales.totalMinor;
  }
  return report;
}

CsvTable salesCsv(const SalesReport& report) {
  CsvTable table({"key", "label", "orders", "units", "total"});
  for (const auto& row : report.rows)
    table.text(row.key)
        .text(row.label)
        .number(std::to_string(row.sales.orders))
        .number(std::to_string(row.sales.units))
        .number(formatMoney(row.sales.totalMinor))
        .endRow();
  return table;
}

}  // namespace duka::reports
