#include "http/dispatch/response_writer.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <array>
#include <ctime>

#include "http/dispatch/request_head.hpp"

namespace duka::host {

namespace {

// httpDate is the Date field's value (RFC 9110 §5.6.7), formatted once a second per thread.
const std::string& httpDate() {
  thread_local std::time_t second = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != second) {
    text = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(now),
                                           Poco::DateTimeFormat::HTTP_FORMAT);
    second = now;
  }
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
