// ReportRoutes: GET /api/reports/sales/, /api/reports/stock/ and /api/reports/payments/
// (SPEC 14): staff, or a key with orders:read; JSON, or CSV (report_format.hpp).
#pragma once

#include <duka/sdk.hpp>
#include <string>

namespace date {
class time_zone;
}

namespace duka::reports {

class ReportRoutes {
 public:
  ReportRoutes(Database& db, const date::time_zone& zone, std::string currency, bool withMpesa)
      : db_(db), zone_(zone), currency_(std::move(currency)), withMpesa_(withMpesa) {}

  void addTo(Router& router);

 private:
  Response sales(Request& request);
  Response stock(Request& request);
  Response payments(Request& request);

  Database& db_;
  const date::time_zone& zone_;
  std::string currency_;
  bool withMpesa_;
};

}  // namespace duka::reports
