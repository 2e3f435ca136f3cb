// Webhook URLs: an endpoint's URL checked as the webhooks plugin checks it (https, or http
// with allow_http; no user info; at most 2048 characters), and an address literal in it
// judged by the delivery's address policy (loopback, private, link-local, CGNAT, multicast
// and unspecified refused). No name is resolved here: a fuzzer must not reach the network.
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <cstdint>

#include "address_policy.hpp"
#include "endpoint_rules.hpp"

using namespace duka::webhooks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const std::string strict = urlProblem(url, false);
  const std::string lenient = urlProblem(url, true);
  if (strict.empty() && !lenient.empty())
    __builtin_trap();  // allow_http may only widen what is allowed
  std::string host = url;
  try {
    host = Poco::URI(url).getHost();
  } catch (const Poco::Exception&) {
  }
  Poco::Net::IPAddress address;
  if (Poco::Net::IPAddress::tryParse(host, address))
    isPublicAddress(address);
  eventPatternProblem(url);
  return 0;
}
