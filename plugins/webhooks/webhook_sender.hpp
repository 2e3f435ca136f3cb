// WebhookSender: one delivery attempt's HTTP exchange (SPEC 11). It resolves the endpoint's
// host at each attempt and refuses an address the policy does not allow (address_policy.hpp)
// unless allow_private_networks; it connects to the address that passed, so a second lookup
// cannot point the request elsewhere (DNS rebinding), with TLS naming the URL's host and its
// certificate checked; it follows no redirect; it reads at most 64 KiB of the answer. The
// timeout bounds the attempt from the connect to the answer's last byte read, however slowly
// the peer sends (a CallDeadline); the name's lookup before it is bounded by the
// system resolver's own timeouts.
#pragma once

#include <chrono>
#include <duka/http.hpp>
#include <string>

namespace duka::webhooks {

struct SendOptions {
  std::chrono::milliseconds timeout{10000};
  bool allowPrivateNetworks = false;
  std::string userAgent = "duka";
};

// SentReply is what came back: the status and headers of the answer and up to 64 KiB of its
// body; or, with status 0, why there was no answer (error) and whether time ran out.
struct SentReply {
  int status = 0;
  NameValues headers;  // names in lower case
  std::string body;    // at most kMaxAnswerBytes
  std::string error;   // status 0: "address not allowed", "timed out", "connection refused"...
  bool timedOut = false;
};

inline constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

// sendWebhook POSTs body (application/json) with headers to url.
SentReply sendWebhook(const std::string& url, const std::string& body, const NameValues& headers,
                      const SendOptions& options);

}  // namespace duka::webhooks
