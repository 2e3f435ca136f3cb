// ReportFormat: how a report is answered: JSON, or RFC 4180 CSV when ?format=csv or when
// the Accept header prefers text/csv to JSON (the higher q; on a tie, the one listed first).
#pragma once

#include <duka/http.hpp>
#include <string>

#include "csv_table.hpp"

namespace duka::reports {

enum class ReportFormat { Json, Csv };

// acceptedFormat is what an Accept header prefers of the two.
ReportFormat acceptedFormat(const std::string& accept);

// reportFormat decides from ?format= (json, csv; read by the route's query shape: `format`)
// and else from Accept.
ReportFormat reportFormat(const Request& request, const std::string& format);

// csvAnswer is table as a download named filename (text/csv, Content-Disposition).
Response csvAnswer(const CsvTable& table, const std::string& filename);

}  // namespace duka::reports
