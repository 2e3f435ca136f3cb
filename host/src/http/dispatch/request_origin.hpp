// RequestOrigin: who sent a request and how it addressed duka. The client address is the
// peer's, or, from a trusted proxy, the right-most X-Forwarded-For address that is not a
// trusted proxy itself; the scheme is http, or a trusted proxy's X-Forwarded-Proto; the
// base of absolute links is public_url, or that scheme with the request's Host, which must
// be an allowed one (docs/design/http-front.md, "Origin").
#pragma once

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SocketAddress.h>

#include <optional>
#include <string>
#include <vector>

namespace duka::host {

struct ServerConfig;

// AddressRange is a CIDR block: 10.0.0.0/8, ::1/128, or one address.
class AddressRange {
 public:
  // parse reads "address[/prefix]"; nothing when it is not one.
  static std::optional<AddressRange> parse(const std::string& text);
  bool contains(const Poco::Net::IPAddress& address) const;

 private:
  Poco::Net::IPAddress network_;
  unsigned prefix_ = 0;
};

// HostPattern is one allowed_hosts entry: a name (any port), ".example.com" (the domain
// and its subdomains) or "*".
class HostPattern {
 public:
  explicit HostPattern(std::string pattern);
  // matches takes a hostname in lower case (RequestOrigin::hostnameOf gives one).
  bool matches(const std::string& hostname) const;

 private:
  std::string pattern_;  // lower case
};

struct Origin {
  std::string clientAddress;  // numeric, without port
  std::string baseUrl;        // scheme://host[:port], no trailing slash
};

class RequestOrigin {
 public:
  explicit RequestOrigin(const ServerConfig& config);

  // resolve answers the origin of a request from peer with these header values (empty when
  // absent); a Host that is not allowed throws HttpError 400.
  Origin resolve(const Poco::Net::SocketAddress& peer, const Poco::Net::SocketAddress& local,
                 const std::optional<std::string>& host, const std::string& forwardedFor,
                 const std::string& forwardedProto) const;
  // clientAddress is resolve's client address alone (it never throws).
  std::string clientAddress(const Poco::Net::IPAddress& peer,
                            const std::string& forwardedFor) const;
  // baseUrl is resolve's base of links alone; a Host that is not allowed throws HttpError 400.
  std::string baseUrl(const Poco::Net::SocketAddress& peer, const Poco::Net::SocketAddress& local,
                      const std::optional<std::string>& host,
                      const std::string& forwardedProto) const;

  // hostnameOf splits the port off a Host value and lowers its case ("[::1]:8080" ->
  // "::1", "Shop.Example" -> "shop.example"); nothing when the value is not a host[:port].
  static std::optional<std::string> hostnameOf(const std::string& host);

  // trusted: address is in trusted_proxies.
  bool trusted(const Poco::Net::IPAddress& address) const;

 private:
  std::string publicUrl_;
  std::vector<HostPattern> allowedHosts_;
  std::vector<AddressRange> trustedProxies_;
};

}  // namespace duka::host
