// Standard Webhooks v1 signatures (github.com/standard-webhooks, spec/standard-webhooks.md):
// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key being the
// base64-decoded part of the secret after "whsec_". While a rotated secret overlaps, the
// webhook-signature header carries one signature per secret, separated by a space.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace duka::webhooks {

// newWebhookSecret is "whsec_" + base64 of 32 random bytes from the system's generator.
std::string newWebhookSecret();

// signWebhook answers "v1,<base64 signature>" of one message under secret; a secret that is
// not whsec_ + base64 throws std::invalid_argument.
std::string signWebhook(const std::string& secret, const std::string& messageId,
                        std::int64_t timestamp, const std::string& body);

// signatureHeader is the webhook-signature value for every secret given (the current one
// first), space-separated.
std::string signatureHeader(const std::vector<std::string>& secrets, const std::string& messageId,
                            std::int64_t timestamp, const std::string& body);

}  // namespace duka::webhooks
