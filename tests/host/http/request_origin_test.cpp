// RequestOrigin alone: CIDR ranges, Host patterns, X-Forwarded-For from trusted proxies.
#include "http/dispatch/request_origin.hpp"

#include <gtest/gtest.h>

#include "config/host_config.hpp"
#include "duka/http.hpp"

namespace duka::host {
namespace {

Poco::Net::IPAddress ip(const std::string& text) {
  return Poco::Net::IPAddress(text);
}

TEST(AddressRange, MatchesItsBlockOnly) {
  const auto block = AddressRange::parse("10.1.0.0/16");
  ASSERT_TRUE(block);
  EXPECT_TRUE(block->contains(ip("10.1.200.3")));
  EXPECT_FALSE(block->contains(ip("10.2.0.1")));
  EXPECT_TRUE(block->contains(ip("::ffff:10.1.0.9")));  // IPv4 on an IPv6 socket
  EXPECT_TRUE(AddressRange::parse("::1")->contains(ip("::1")));
  EXPECT_TRUE(AddressRange::parse("2001:db8::/32")->contains(ip("2001:db8:1::1")));
  EXPECT_FALSE(AddressRange::parse("2001:db8::/32")->contains(ip("10.1.0.1")));
  for (const char* bad : {"10.1.0.0/33", "nonsense", "10.1.0.0/x", ""})
    EXPECT_FALSE(AddressRange::parse(bad)) << bad;
}

TEST(HostPattern, NamesDomainsAndAnything) {
  EXPECT_TRUE(HostPattern("Shop.Example").matches("shop.example"));
  EXPECT_FALSE(HostPattern("shop.example").matches("www.shop.example"));
  EXPECT_TRUE(HostPattern(".shop.example").matches("shop.example"));
  EXPECT_TRUE(HostPattern(".shop.example").matches("www.shop.example"));
  EXPECT_FALSE(HostPattern(".shop.example").matches("evilshop.example"));
  EXPECT_TRUE(HostPattern("[::1]").matches("::1"));
  EXPECT_TRUE(HostPattern("*").matches("anything"));
}

TEST(RequestOrigin, HostnameOfSplitsThePort) {
  EXPECT_EQ(RequestOrigin::hostnameOf("localhost:8080"), "localhost");
  EXPECT_EQ(RequestOrigin::hostnameOf("[::1]:8080"), "::1");
  EXPECT_EQ(RequestOrigin::hostnameOf("shop.example"), "shop.example");
  for (const char* bad : {"a:b", "host:", "[::1", "a b", "x/y", ":80", "host:123456"})
    EXPECT_FALSE(RequestOrigin::hostnameOf(bad)) << bad;
}

TEST(RequestOrigin, ForwardedForCountsFromTheRightUpToTheFirstUntrustedHop) {
  ServerConfig config;
  config.trustedProxies = {"127.0.0.1", "10.0.0.0/8"};
  const RequestOrigin origin(config);
  EXPECT_EQ(origin.clientAddress(ip("127.0.0.1"), "198.51.100.1, 10.0.0.5"), "198.51.100.1");
  EXPECT_EQ(origin.clientAddress(ip("127.0.0.1"), "1.1.1.1, 198.51.100.1, 10.0.0.5"),
            "198.51.100.1");
  EXPECT_EQ(origin.clientAddress(ip("127.0.0.1"), "198.51.100.1:4567"), "198.51.100.1");
  EXPECT_EQ(origin.clientAddress(ip("127.0.0.1"), "[2001:db8::7]:443"), "2001:db8::7");
  EXPECT_EQ(origin.clientAddress(ip("127.0.0.1"), "garbage, 10.0.0.5"), "10.0.0.5");
  EXPECT_EQ(origin.clientAddress(ip("192.0.2.9"), "198.51.100.1"), "192.0.2.9");  // untrusted
}

TEST(RequestOrigin, LinksComeFromPublicUrlOrAnAllowedHost) {
  ServerConfig config;
  config.address = "127.0.0.1";
  const RequestOrigin local(config);
  const Poco::Net::SocketAddress peer("127.0.0.1", 5000), here("127.0.0.1", 8080);
  EXPECT_EQ(local.resolve(peer, here, "localhost:8080", "", "").baseUrl, "http://localhost:8080");
  EXPECT_EQ(local.resolve(peer, here, std::nullopt, "", "").baseUrl, "http://127.0.0.1:8080");
  EXPECT_THROW(local.resolve(peer, here, "evil.example", "", ""), HttpError);
  EXPECT_EQ(local.resolve(peer, here, "localhost", "", "https").baseUrl, "http://localhost");

  config.publicUrl = "https://shop.example/duka/";
  const RequestOrigin published(config);
  EXPECT_EQ(published.resolve(peer, here, "evil.example", "", "").baseUrl,
            "https://shop.example/duka");
}

}  // namespace
}  // namespace duka::host
