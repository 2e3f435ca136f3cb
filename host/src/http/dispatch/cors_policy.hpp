// CorsPolicy: which origins may call the API from a browser ([server] cors_origins), and
// the headers that tell the browser so (docs/design/http-front.md, "Methods").
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace duka::host {

class CorsPolicy {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  explicit CorsPolicy(std::vector<std::string> origins);

  bool enabled() const { return !origins_.empty() || any_; }
  // responseHeaders are the headers of an answer to a request from origin (none when the
  // origin is not allowed or absent).
  Headers responseHeaders(const std::string& origin) const;
  // preflightHeaders answer an OPTIONS preflight from origin for a path that serves
  // methods; none when the origin is not allowed.
  Headers preflightHeaders(const std::string& origin,
                           const std::vector<std::string>& methods) const;

 private:
  std::vector<std::string> origins_;  // lower case, without a trailing slash
  bool any_ = false;                  // "*": any origin, never with credentials
};

}  // namespace duka::host
