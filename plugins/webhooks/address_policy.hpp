// The addresses a webhook may be delivered to (SPEC 11, the SSRF rules): an attempt resolves
// the endpoint's host and refuses it ("address not allowed") when the address is loopback,
// private (RFC 1918, fc00::/7), link-local (169.254.0.0/16, fe80::/10), CGNAT
// (100.64.0.0/10), multicast, unspecified or broadcast, an IPv4-mapped IPv6 address of
// those included, unless [webhooks] allow_private_networks.
#pragma once

#include <Poco/Net/IPAddress.h>

namespace duka::webhooks {

// isPublicAddress tells whether address is none of the above.
bool isPublicAddress(const Poco::Net::IPAddress& address);

}  // namespace duka::webhooks
