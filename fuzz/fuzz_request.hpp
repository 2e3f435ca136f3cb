// FuzzRequest: a Request whose every part a fuzzer sets, for the parsers that read one
// (form bodies, query parameters). What is not set is empty.
#pragma once

#include <duka/http.hpp>
#include <map>
#include <optional>

namespace duka::fuzz {

class FuzzRequest : public Request {
 public:
  std::string bodyText;
  NameValues query;
  std::map<std::string, std::string> headers;  // lower-case names

  const std::string& method() const override { return method_; }
  const std::string& path() const override { return path_; }
  const std::string& requestId() const override { return path_; }
  const std::string& baseUrl() const override { return base_; }
  const std::string& clientAddress() const override { return base_; }
  const std::string& body() const override { return bodyText; }
  const NameValues& queryParams() const override { return query; }
  const std::string& pathParam(const std::string&) const override { return path_; }
  std::optional<std::string> header(const std::string& name) const override {
    const auto found = headers.find(name);
    return found == headers.end() ? std::nullopt : std::optional(found->second);
  }
  Poco::JSON::Object::Ptr json() const override { return nullptr; }
  const std::optional<Principal>& principal() const override { return principal_; }

 private:
  std::string method_ = "POST", path_ = "/fuzz/", base_ = "http://127.0.0.1";
  std::optional<Principal> principal_;
};

}  // namespace duka::fuzz
