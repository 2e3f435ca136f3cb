#include "report_format.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <cstdint>

namespace duka::reports {

ReportFormat acceptedFormat(const std::string& accept) {
  struct Offer {
    double q = 0;
    std::size_t listed = SIZE_MAX;  // the position of its first range
  } json, csv;
  const Poco::StringTokenizer ranges(accept, ",", Poco::StringTokenizer::TOK_TRIM);
  for (std::size_t at = 0; at < ranges.count(); ++at) {
    const Poco::StringTokenizer parts(ranges[at], ";", Poco::StringTokenizer::TOK_TRIM);
    if (parts.count() == 0)
      continue;
    double q = 1;
    for (std::size_t i = 1; i < parts.count(); ++i) {
      const std::string parameter = Poco::toLower(parts[i]);
      if (parameter.rfind("q=", 0) == 0 &&
          !Poco::NumberParser::tryParseFloat(parameter.substr(2), q))
        q = 0;
    }
    const std::string type = Poco::toLower(parts[0]);
    Offer* offer = type == "text/csv" ? &csv
                   : type == "application/json" || type == "application/*" || type == "*/*"
                       ? &json
                       : nullptr;
    if (!offer)
      continue;
    offer->q = std::max(offer->q, q);
    offer->listed = std::min(offer->listed, at);
  }
  const bool csvWins = csv.q > json.q || (csv.q == json.q && csv.listed < json.listed);
  return csv.q > 0 && csvWins ? ReportFormat::Csv : ReportFormat::Json;
}

ReportFormat reportFormat(const Request& request, const std::string& format) {
  if (format == "csv")
    return ReportFormat::Csv;
  if (format == "json")
    return ReportFormat::Json;
  const auto accept = request.header("Accept");
  return accept ? acceptedFormat(*accept) : ReportFormat::Json;
}

Response csvAnswer(const CsvTable& table, const std::string& filename) {
  Response response;
  response.body = table.csv();
  response.contentType = "text/csv; charset=utf-8; header=present";
  response.withHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

}  // namespace duka::reports
