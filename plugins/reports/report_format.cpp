#include "report_format.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <cstdint>

namespace duka::reports {

ReportFormat acceptedFormat(const std::string& accept) {
  struct Offer {
    double q = 0;
    std::size_t listed = SIZE_MAX;  // the position of its first range
  } json, csv;
  std::vector<std::string> ranges;
  Poco::Net::MessageHeader::splitElements(accept, ranges);
  for (std::size_t at = 0; at < ranges.size(); ++at) {
    std::string type;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(ranges[at], type, parameters);
    double q = 1;
    if (parameters.has("q") && !Poco::NumberParser::tryParseFloat(parameters.get("q"), q))
      q = 0;
    type = Poco::toLower(type);
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
