#include "console_routes.hpp"

#include <Poco/Net/MessageHeader.h>

namespace duka::console {

namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";

// current tells whether If-None-Match names etag (RFC 9110 13.1.2: a list, weak
// comparison, or "*").
bool current(const std::optional<std::string>& ifNoneMatch, const std::string& etag) {
  if (!ifNoneMatch)
    return false;
  std::vector<std::string> tags;
  Poco::Net::MessageHeader::splitElements(*ifNoneMatch, tags);
  for (auto tag : tags) {
    if (tag == "*")
      return true;
    if (tag.rfind("W/", 0) == 0)
      tag.erase(0, 2);
    if (tag == etag)
      return true;
  }
  return false;
}

// answer is file in the copy request accepts, with the console's headers.
Response answer(const Request& request, const ConsoleFile& file, const char* cacheControl) {
  Response response;
  response.contentType = file.mediaType;
  response.withHeader("Cache-Control", cacheControl)
      .withHeader("ETag", file.etag)
      .withHeader("Vary", "Accept-Encoding")
      .withHeader("Content-Security-Policy", ConsoleRoutes::kContentSecurityPolicy)
      .withHeader("X-Content-Type-Options", "nosniff")
      .withHeader("X-Frame-Options", "DENY")
      .withHeader("Referrer-Policy", "no-referrer")
      .withHeader("Cross-Origin-Opener-Policy", "same-origin")
      .withHeader("Cross-Origin-Resource-Policy", "same-origin");
  if (current(request.header("If-None-Match"), file.etag)) {
    response.status = 304;
    return response;
  }
  auto copy = file.copies.end();
  for (const auto coding : acceptedCodings(request.header("Accept-Encoding").value_or("")))
    if ((copy = file.copies.find(coding)) != file.copies.end())
      break;
  if (copy->first == ContentCoding::Gzip)
    response.withHeader("Content-Encoding", "gzip");
  else if (copy->first == ContentCoding::Brotli)
    response.withHeader("Content-Encoding", "br");
  response.body = copy->second;
  return response;
}

}  // namespace

void ConsoleRoutes::addTo(Router& router) {
  const std::vector<std::pair<int, std::string>> problems = {
      {503, "The console was not built (npm ci --prefix plugins/console/web, then build)"}};
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Accept-Encoding", "br or gzip: the compressed copy"},
      {"If-None-Match", "the ETag of the copy held: 304 when it is current"}};
  router.add({.method = "GET",
              .path = "/console/",
              .access = Access::Public,
              .handler = [this](Request& r) { return page(r); },
              .summary = "The staff console (a single-page application)",
              .body = BodyKind::Any,
              .headers = headers,
              .problems = problems,
              .responseType = "text/html"});
  router.add({.method = "GET",
              .path = "/console/assets/{file}",
              .access = Access::Public,
              .handler = [this](Request& r) { return asset(r); },
              .summary = "One of the console's scripts and style sheets (fingerprinted names)",
              .body = BodyKind::Any,
              .headers = headers,
              .problems = problems,
              .responseType = "application/octet-stream"});
}

const ConsoleFiles& ConsoleRoutes::files() const {
  if (!files_)
    throw serviceUnavailable(
        "The console is not installed: npm ci --prefix plugins/console/web, then build again.");
  return *files_;
}

Response ConsoleRoutes::page(Request& request) const {
  return answer(request, files().page(), "no-cache");
}

Response ConsoleRoutes::asset(Request& request) const {
  const ConsoleFile* file = files().asset(request.pathParam("file"));
  if (!file)
    throw notFound("No console file by that name.");
  return answer(request, *file, kImmutable);
}

}  // namespace duka::console
