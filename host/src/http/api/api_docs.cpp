#include "http/api/api_docs.hpp"

#include <fstream>
#include <memory>
#include <sstream>

namespace duka::host {

namespace {

// kPage asks for no font, style sheet or script but duka's own.
constexpr const char* kPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>duka API reference</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="/api/openapi.json"></redoc>
<script src="/api/docs/redoc.standalone.js"></script>
</body>
</html>
)";

std::shared_ptr<const std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return nullptr;
  std::ostringstream text;
  text << in.rdbuf();
  return std::make_shared<const std::string>(text.str());
}

HttpError notInstalled() {
  return serviceUnavailable(
      "The API reference page is not installed: npm ci --prefix docs/api-reference, then build "
      "again. /api/openapi.json has the same content.");
}

}  // namespace

void registerApiDocs(RouteTable& routes, const std::string& dir) {
  // Read once: the bundle does not change while duka runs.
  const auto bundle = readFile(dir + "/redoc.standalone.js");
  routes.add({.method = "GET",
              .path = "/api/docs/",
              .access = Access::Public,
              .handler =
                  [bundle](Request&) {
                    if (!bundle)
                      throw notInstalled();
                    Response page;
                    page.body = kPage;
                    page.contentType = "text/html; charset=utf-8";
                    return page;
                  },
              .summary = "The API reference page, rendered from /api/openapi.json",
              .body = BodyKind::Any,
              .problems = {{503, "The page's renderer is not installed"}},
              .responseType = "text/html"},
             "", nullptr);
  routes.add({.method = "GET",
              .path = "/api/docs/redoc.standalone.js",
              .access = Access::Public,
              .handler =
                  [bundle](Request&) {
                    if (!bundle)
                      throw notInstalled();
                    Response script;
                    script.body = *bundle;
                    script.contentType = "text/javascript; charset=utf-8";
                    return script.withHeader("Cache-Control", "public, max-age=86400");
                  },
              .summary = "The reference page's renderer (Redoc, MIT licence)",
              .body = BodyKind::Any,
              .problems = {{503, "The page's renderer is not installed"}},
              .responseType = "text/javascript"},
             "", nullptr);
}

}  // namespace duka::host
