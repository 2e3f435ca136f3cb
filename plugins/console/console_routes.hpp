// ConsoleRoutes: GET /console/ (the page: no-cache and an ETag) and
// GET /console/assets/{file} (fingerprinted: cached a year, immutable), each in the copy
// the client accepts (brotli, gzip, as it is), with SPEC 14's Content-Security-Policy and
// the security headers. Public: the page signs in before it calls the API.
#pragma once

#include <duka/sdk.hpp>
#include <optional>

#include "console_files.hpp"

namespace duka::console {

class ConsoleRoutes {
 public:
  explicit ConsoleRoutes(std::optional<ConsoleFiles> files) : files_(std::move(files)) {}

  void addTo(Router& router);

  // kContentSecurityPolicy: nothing but duka's own origin; no framing, no plugins.
  static constexpr const char* kContentSecurityPolicy =
      "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
      "form-action 'self'";

 private:
  Response page(Request& request) const;
  Response asset(Request& request) const;
  const ConsoleFiles& files() const;  // else 503 naming the command that builds them

  std::optional<ConsoleFiles> files_;
};

}  // namespace duka::console
