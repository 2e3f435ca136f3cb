#include "http/dispatch/response_writer.hpp"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPResponse.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "http/dispatch/request_head.hpp"

namespace duka::host {

namespace {

// httpDate is the Date field's value (IMF-fixdate, RFC 9110 §5.6.7), kept per thread for
// the second it names: "Tue, 08 Dec 2026 01:19:13 GMT".
const std::string& httpDate() {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t second = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now == second)
    return text;
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[40];
  const int n = std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                              kDays[static_cast<std::size_t>(utc.tm_wday)], utc.tm_mday,
                              kMonths[static_cast<std::size_t>(utc.tm_mon)], utc.tm_year + 1900,
                              utc.tm_hour, utc.tm_min, utc.tm_sec);
  text.assign(buffer, static_cast<std::size_t>(std::max(n, 0)));
  second = now;
  return text;
}

bool serversOwn(std::string_view name, bool contentTypeWritten) {
  static constexpr std::array<std::string_view, 5> kOwned = {"Content-Length", "Transfer-Encoding",
                                                             "Connection", "Date", "Server"};
  return std::any_of(kOwned.begin(), kOwned.end(),
                     [&](std::string_view owned) { return sameFieldName(name, owned); }) ||
         (contentTypeWritten && sameFieldName(name, "Content-Type"));
}

bool writable(const std::string& name, const std::string& value) {
  if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
      value.find_first_of("\r\n") != std::string::npos) {
    Poco::Logger::get("duka.http")
        .error("an answer's header %s was left out: it cannot be sent",
               name.substr(0, name.find_first_of("\r\n")));
    return false;
  }
  return true;
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

void writeResponse(const Response& response, const std::string& requestId,
                   const AnswerFraming& framing, std::string& out) {
  const bool hasBody = response.status != 204 && response.status != 304;
  const bool contentType = hasBody && !response.contentType.empty();
  out.reserve(out.size() + 256 + (framing.headOnly ? 0 : response.body.size()));
  out.append(framing.version).append(" ").append(std::to_string(response.status)).append(" ");
  out.append(Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status)));
  out.append("\r\n");
  field(out, "Date", httpDate());
  field(out, "Server", "duka");
  const auto& headers = response.headers;
  const auto replacedLater = [&](std::size_t i) {
    return std::any_of(
        headers.begin() + static_cast<std::ptrdiff_t>(i) + 1, headers.end(),
        [&](const auto& later) { return sameFieldName(later.first, headers[i].first); });
  };
  const bool ownId = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
    return sameFieldName(header.first, "X-Request-Id");
  });
  if (!ownId)
    field(out, "X-Request-Id", requestId);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    if (!serversOwn(name, contentType) && !replacedLater(i) && writable(name, value))
      field(out, name, value);
  }
  if (contentType)
    field(out, "Content-Type", response.contentType);
  if (hasBody)
    field(out, "Content-Length", std::to_string(response.body.size()));
  if (!framing.keepAlive)
    field(out, "Connection", "close");
  else if (framing.version == "HTTP/1.0")
    field(out, "Connection", "keep-alive");
  out.append("\r\n");
  if (hasBody && !framing.headOnly)
    out.append(response.body);
}

}  // namespace duka::host
