// host_request.hpp: the Request a handler gets, built from what the host read off the wire.
#pragma once

#include <optional>
#include <string>

#include "duka/http.hpp"

namespace duka {

// RequestParts is a request as the host read it: the route's path parameters, the decoded
// query, the headers, the body (and its parsed JSON object, for a JSON route) and the caller.
struct RequestParts {
  std::string method, path;
  NameValues pathParams{}, query{}, headers{};
  std::string body{}, requestId{}, baseUrl{}, clientAddress{};
  Poco::JSON::Object::Ptr json{};
  std::optional<Principal> principal{};
};

class HostRequest final : public Request {
 public:
  explicit HostRequest(RequestParts parts) : parts_(std::move(parts)) {}
  void setPrincipal(std::optional<Principal> principal) { parts_.principal = std::move(principal); }

  const std::string& method() const override { return parts_.method; }
  const std::string& path() const override { return parts_.path; }
  const std::string& requestId() const override { return parts_.requestId; }
  const std::string& baseUrl() const override { return parts_.baseUrl; }
  const std::string& clientAddress() const override { return parts_.clientAddress; }
  const std::string& body() const override { return parts_.body; }
  const NameValues& queryParams() const override { return parts_.query; }
  const std::string& pathParam(const std::string& name) const override;
  std::optional<std::string> header(const std::string& name) const override;
  Poco::JSON::Object::Ptr json() const override;
  const std::optional<Principal>& principal() const override { return parts_.principal; }

 private:
  RequestParts parts_;
};

}  // namespace duka
