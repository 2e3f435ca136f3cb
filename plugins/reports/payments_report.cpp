#include "payments_report.hpp"

#include <duka/facility/money.hpp>
#include <duka/plugins/mpesa/payment_rows.hpp>
#include <duka/shape.hpp>

namespace duka::reports {

namespace {

const Shape<PaymentTotal>& totalShape() {
  static const Shape<PaymentTotal> shape =
      Shape<PaymentTotal>("PaymentTotal", "The payments of one method in one status")
          .field("method", &PaymentTotal::method, {.readOnly = true, .choices = {"mpesa"}})
          .field("status", &PaymentTotal::status,
                 {.description = "succeeded counts unmatched receipts too (see unmatched)",
                  .readOnly = true,
                  .choices = {orders::kPaymentStatusRequested, orders::kPaymentStatusSucceeded,
                              orders::kPaymentStatusFailed}})
          .field("payments", &PaymentTotal::payments, {.readOnly = true})
          .field("total", &PaymentTotal::totalMinor,
                 {.description = "The amounts that count (requested: asked for)",
                  .readOnly = true,
                  .money = true});
  return shape;
}

}  // namespace

const Shape<PaymentsReport>& paymentsReportShape() {
  static const Shape<PaymentsReport> shape =
      Shape<PaymentsReport>("PaymentsReport",
                            "A period's payments by method and status, and its unmatched receipts")
          .field("from", &PaymentsReport::from, {.readOnly = true})
          .field("to", &PaymentsReport::to, {.readOnly = true})
          .field("currency", &PaymentsReport::currency, {.readOnly = true})
          .field("totals", &PaymentsReport::totals, totalShape(), {.readOnly = true})
          .field("unmatched_count", &PaymentsReport::unmatchedCount,
                 {.description = "Succeeded payments linked to no order", .readOnly = true})
          .field("unmatched_total", &PaymentsReport::unmatchedTotalMinor,
                 {.readOnly = true, .money = true})
          .field("unmatched", &PaymentsReport::unmatched, orders::paymentShape(),
                 {.description = "The unmatched receipts, newest first (at most 500; "
                                 "GET /api/payments/?unmatched=true pages them all)",
                  .readOnly = true});
  return shape;
}

PaymentsReport paymentsReport(SqlSession& db, const ReportPeriod& period,
                              const std::string& currency, bool withMpesa) {
  PaymentsReport report{.from = period.from(),
                        .to = period.to(),
                        .currency = currency,
                        .totals = {},
                        .unmatchedCount = 0,
                        .unmatchedTotalMinor = 0,
                        .unmatched = {}};
  if (!withMpesa)
    return report;
  const std::string& table = mpesa::kPaymentRows.table();
  db.run(
      "SELECT status, COUNT(*), COALESCE(SUM(amount_minor), 0), "
      "COALESCE(SUM(CASE WHEN order_id IS NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN order_id IS NULL THEN amount_minor ELSE 0 END), 0) FROM " +
          table + " WHERE created_at >= $1 AND created_at < $2 GROUP BY status ORDER BY status",
      {period.starts(), period.ends()}, [&](const SqlRow& row) {
        report.totals.push_back({.method = "mpesa",
                                 .status = row.text(0),
                                 .payments = row.integer(1),
                                 .totalMinor = row.integer(2)});
        if (row.text(0) == orders::kPaymentStatusSucceeded) {
          report.unmatchedCount = row.integer(3);
          report.unmatchedTotalMinor = row.integer(4);
        }
      });
  report.unmatched = mpesa::kPaymentRows.all(
      db,
      "WHERE order_id IS NULL AND status = 'succeeded' AND created_at >= $1 AND created_at < $2 "
      "ORDER BY id DESC LIMIT " +
          std::to_string(kMaxUnmatched),
      {period.starts(), period.ends()});
  return report;
}

CsvTable paymentsCsv(const PaymentsReport& report) {
  CsvTable table({"method", "status", "payments", "total"});
  for (const auto& row : report.totals)
    table.text(row.method)
        .text(row.status)
        .number(std::to_string(row.payments))
        .number(formatMoney(row.totalMinor))
        .endRow();
  return table;
}

}  // namespace duka::reports
