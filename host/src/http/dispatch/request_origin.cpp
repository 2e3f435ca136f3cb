#include "http/dispatch/request_origin.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

#include "config/host_config.hpp"
#include "duka/http.hpp"

namespace duka::host {

namespace {

// plainAddress reads an address as X-Forwarded-For carries it: "1.2.3.4", "1.2.3.4:5678",
// "2001:db8::1" or "[2001:db8::1]:5678".
std::optional<Poco::Net::IPAddress> plainAddress(std::string text) {
  Poco::trimInPlace(text);
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos)
      return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));
  }
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(text, address))
    return std::nullopt;
  return address;
}

// unmapped turns ::ffff:1.2.3.4 (an IPv4 peer on an IPv6 socket) into 1.2.3.4.
Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
  if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
    const auto* bytes = static_cast<const unsigned char*>(address.addr());
    return Poco::Net::IPAddress(bytes + 12, 4);
  }
  return address;
}

std::vector<std::string> commaList(const std::string& text) {
  std::vector<std::string> items;
  Poco::StringTokenizer tokens(
      text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens)
    items.push_back(token);
  return items;
}

}  // namespace

std::optional<AddressRange> AddressRange::parse(const std::string& text) {
  const auto slash = text.find('/');
  const auto address = plainAddress(text.substr(0, slash));
  if (!address)
    return std::nullopt;
  AddressRange range;
  range.network_ = unmapped(*address);
  const unsigned bits = range.network_.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
  range.prefix_ = bits;
  if (slash != std::string::npos) {
    unsigned prefix = 0;
    if (!Poco::NumberParser::tryParseUnsigned(text.substr(slash + 1), prefix) || prefix > bits)
      return std::nullopt;
    range.prefix_ = prefix;
  }
  return range;
}

bool AddressRange::contains(const Poco::Net::IPAddress& candidate) const {
  const Poco::Net::IPAddress address = unmapped(candidate);
  if (address.family() != network_.family())
    return false;
  const Poco::Net::IPAddress mask(prefix_, network_.family());
  return (address & mask) == (network_ & mask);
}

HostPattern::HostPattern(std::string pattern) : pattern_(Poco::toLower(std::move(pattern))) {
  if (pattern_.size() > 2 && pattern_.front() == '[' && pattern_.back() == ']')
    pattern_ = pattern_.substr(1, pattern_.size() - 2);
}

bool HostPattern::matches(const std::string& name) const {
  if (pattern_ == "*")
    return true;
  if (!pattern_.empty() && pattern_.front() == '.') {
    return name == pattern_.substr(1) ||
           (name.size() > pattern_.size() &&
            name.compare(name.size() - pattern_.size(), pattern_.size(), pattern_) == 0);
  }
  return name == pattern_;
}

RequestOrigin::RequestOrigin(const ServerConfig& config) : publicUrl_(config.publicUrl) {
  while (!publicUrl_.empty() && publicUrl_.back() == '/')
    publicUrl_.pop_back();
  if (config.allowedHosts.empty()) {
    for (const char* name : {"localhost", "127.0.0.1", "::1"})
      allowedHosts_.emplace_back(name);
    if (config.address != "0.0.0.0" && config.address != "::" && !config.address.empty())
      allowedHosts_.emplace_back(config.address);
  } else {
    for (const auto& pattern : config.allowedHosts)
      allowedHosts_.emplace_back(pattern);
  }
  for (const auto& text : config.trustedProxies) {
    if (auto range = AddressRange::parse(text))
      trustedProxies_.push_back(*range);
  }
}

bool RequestOrigin::trusted(const Poco::Net::IPAddress& address) const {
  const Poco::Net::IPAddress plain = unmapped(address);
  return std::any_of(trustedProxies_.begin(), trustedProxies_.end(),
                     [&](const AddressRange& range) { return range.contains(plain); });
}

std::string RequestOrigin::clientAddress(const Poco::Net::IPAddress& peer,
                                         const std::string& forwardedFor) const {
  Poco::Net::IPAddress client = unmapped(peer);
  if (forwardedFor.empty() || !trusted(client))
    return client.toString();
  const auto hops = commaList(forwardedFor);
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const auto address = plainAddress(*hop);
    if (!address)
      break;  // a hop that is no address: the last proxy we trust is as far as we can see
    client = unmapped(*address);
    if (!trusted(client))
      break;
  }
  return client.toString();
}

std::optional<std::string> RequestOrigin::hostnameOf(const std::string& host) {
  std::string name = host;
  std::string port;
  if (!name.empty() && name.front() == '[') {
    const auto close = name.find(']');
    if (close == std::string::npos)
      return std::nullopt;
    port = name.substr(close + 1);
    name = name.substr(1, close - 1);
    if (!port.empty() && port.front() != ':')
      return std::nullopt;
  } else if (const auto colon = name.find(':'); colon != std::string::npos) {
    port = name.substr(colon);
    name = name.substr(0, colon);
  }
  if (!port.empty()) {
    port.erase(0, 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
  }
  const bool sane = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == ':';
  });
  if (!sane)
    return std::nullopt;
  return Poco::toLowerInPlace(name);
}

Origin RequestOrigin::resolve(const Poco::Net::SocketAddress& peer,
                              const Poco::Net::SocketAddress& local,
                              const std::optional<std::string>& host,
                              const std::string& forwardedFor,
                              const std::string& forwardedProto) const {
  return {clientAddress(peer.host(), forwardedFor), baseUrl(peer, local, host, forwardedProto)};
}

std::string RequestOrigin::baseUrl(const Poco::Net::SocketAddress& peer,
                                   const Poco::Net::SocketAddress& local,
                                   const std::optional<std::string>& host,
                                   const std::string& forwardedProto) const {
  if (!publicUrl_.empty())
    return publicUrl_;
  std::string scheme = "http";
  if (!forwardedProto.empty() && trusted(peer.host())) {
    const auto protos = commaList(forwardedProto);
    if (!protos.empty()) {
      const std::string proto = Poco::toLower(protos.back());
      if (proto == "https" || proto == "http")
        scheme = proto;
    }
  }
  if (!host)
    return scheme + "://" + local.toString();
  const auto hostname = hostnameOf(*host);
  const bool allowed = hostname && std::any_of(allowedHosts_.begin(), allowedHosts_.end(),
                                               [&](const HostPattern& pattern) {
                                                 return pattern.matches(*hostname);
                                               });
  if (!allowed) {
    throw badRequest(
        "The Host is not one this server answers for; set [server] allowed_hosts "
        "or public_url.");
  }
  return scheme + "://" + *host;
}

}  // namespace duka::host
