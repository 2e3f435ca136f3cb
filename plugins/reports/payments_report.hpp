// PaymentsReport: a period's payments by method and status, and the unmatched receipts in
// it: succeeded payments linked to no order, for staff to match (SPEC 14), read from the
// mpesa plugin's published table (duka/plugins/mpesa/payment_rows.hpp). Without mpesa the
// report is empty. The period is by creation time, as for sales.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/plugins/orders/payment.hpp>
#include <string>
#include <vector>

#include "csv_table.hpp"
#include "report_period.hpp"

namespace duka::reports {

struct PaymentTotal {
  std::string method;  // mpesa
  std::string status;  // requested, succeeded (matched or not), failed
  std::int64_t payments = 0;
  std::int64_t totalMinor = 0;
};

struct PaymentsReport {
  std::string from, to, currency;
  std::vector<PaymentTotal> totals;
  std::int64_t unmatchedCount = 0;
  std::int64_t unmatchedTotalMinor = 0;
  std::vector<orders::Payment> unmatched;  // newest first, at most kMaxUnmatched
};

inline constexpr int kMaxUnmatched = 500;

const Shape<PaymentsReport>& paymentsReportShape();

// paymentsReport reads the report; withMpesa: the mpesa plugin is enabled (its table exists).
PaymentsReport paymentsReport(SqlSession& db, const ReportPeriod& period,
                              const std::string& currency, bool withMpesa);

// paymentsCsv is the totals: method, status, payments, total.
CsvTable paymentsCsv(const PaymentsReport& report);

}  // namespace duka::reports
