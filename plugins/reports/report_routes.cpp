#include "report_routes.hpp"

#include "payments_report.hpp"
#include "report_format.hpp"
#include "report_period.hpp"
#include "sales_report.hpp"
#include "stock_report.hpp"

namespace duka::reports {

namespace {

struct PeriodQuery {
  std::string from, to, group, format;
};

// periodQueryShape: ?from, ?to, ?format, and ?group when withGroup (the sales report's).
const Shape<PeriodQuery>& periodQueryShape(bool withGroup) {
  const auto declare = [](bool group) {
    Shape<PeriodQuery> shape("ReportQuery");
    shape
        .field("from", &PeriodQuery::from,
               {.description = "The first day, YYYY-MM-DD in [reports] timezone (default: 29 "
                               "days before to)"})
        .field("to", &PeriodQuery::to,
               {.description = "The last day, included (default: today); at most 366 days "
                               "from from"});
    if (group)
      shape.field("group", &PeriodQuery::group,
                  {.description = "Rows per day (default), item or customer",
                   .choices = {kByDay, kByItem, kByCustomer}});
    shape.field("format", &PeriodQuery::format,
                {.description = "csv: RFC 4180 rows with a header line (or Accept: text/csv)",
                 .choices = {"json", "csv"}});
    return shape;
  };
  static const Shape<PeriodQuery> sales = declare(true), other = declare(false);
  return withGroup ? sales : other;
}

struct FormatQuery {
  std::string format;
};

const Shape<FormatQuery>& formatQueryShape() {
  static const Shape<FormatQuery> shape =
      Shape<FormatQuery>("ReportFormatQuery")
          .field("format", &FormatQuery::format,
                 {.description = "csv: RFC 4180 rows with a header line (or Accept: text/csv)",
                  .choices = {"json", "csv"}});
  return shape;
}

std::optional<std::string> given(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

}  // namespace

void ReportRoutes::addTo(Router& router) {
  const std::vector<std::pair<std::string, std::string>> accept = {
      {"Accept", "text/csv for CSV (as ?format=csv)"}};
  router.add({.method = "GET",
              .path = "/api/reports/sales/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return sales(r); },
              .summary = "Sales of orders approved or fulfilled, by day, item or customer",
              .response = &salesReportShape(),
              .query = &periodQueryShape(true),
              .headers = accept,
              .problems = {{422, "A date that is none, to before from, or more than 366 days"}},
              .scope = "orders:read"});
  router.add({.method = "GET",
              .path = "/api/reports/stock/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return stock(r); },
              .summary = "Every item's stock, lowest available / warn_limit first",
              .response = &stockReportShape(),
              .query = &formatQueryShape(),
              .headers = accept,
              .scope = "orders:read"});
  router.add({.method = "GET",
              .path = "/api/reports/payments/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return payments(r); },
              .summary = "Payments by method and status, and the unmatched receipts",
              .response = &paymentsReportShape(),
              .query = &periodQueryShape(false),
              .headers = accept,
              .problems = {{422, "A date that is none, to before from, or more than 366 days"}},
              .scope = "orders:read"});
}

Response ReportRoutes::sales(Request& request) {
  const PeriodQuery query = periodQueryShape(true).query(request);
  const auto period =
      ReportPeriod::of(given(query.from), given(query.to), zone_, std::chrono::system_clock::now());
  const std::string group = query.group.empty() ? kByDay : query.group;
  const SalesReport report = salesReport(db_, period, group, currency_);
  if (reportFormat(request, query.format) == ReportFormat::Csv)
    return csvAnswer(salesCsv(report),
                     "sales-by-" + group + "-" + report.from + "-to-" + report.to + ".csv");
  return salesReportShape().answer(200, report);
}

Response ReportRoutes::stock(Request& request) {
  const FormatQuery query = formatQueryShape().query(request);
  const StockReport report = stockReport(db_, currency_);
  if (reportFormat(request, query.format) == ReportFormat::Csv)
    return csvAnswer(stockCsv(report), "stock.csv");
  return stockReportShape().answer(200, report);
}

Response ReportRoutes::payments(Request& request) {
  const PeriodQuery query = periodQueryShape(false).query(request);
  const auto period =
      ReportPeriod::of(given(query.from), given(query.to), zone_, std::chrono::system_clock::now());
  const PaymentsReport report = paymentsReport(db_, period, currency_, withMpesa_);
  if (reportFormat(request, query.format) == ReportFormat::Csv)
    return csvAnswer(paymentsCsv(report), "payments-" + report.from + "-to-" + report.to + ".csv");
  return paymentsReportShape().answer(200, report);
}

}  // namespace duka::reports
