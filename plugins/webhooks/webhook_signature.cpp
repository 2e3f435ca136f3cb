#include "webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace duka::webhooks {

namespace {

constexpr const char* kSecretPrefix = "whsec_";

std::string base64(const unsigned char* bytes, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// keyOf decodes the base64 after "whsec_" (padding optional, as the reference libraries
// accept it).
std::string keyOf(const std::string& secret) {
  if (secret.rfind(kSecretPrefix, 0) != 0)
    throw std::invalid_argument("a webhook secret starts with whsec_");
  std::string encoded = secret.substr(6);
  while (encoded.size() % 4 != 0)
    encoded += '=';
  std::string key(3 * encoded.size() / 4, '\0');
  const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                                      reinterpret_cast<const unsigned char*>(encoded.data()),
                                      static_cast<int>(encoded.size()));
  if (decoded < 0 || encoded.empty())
    throw std::invalid_argument("a webhook secret is whsec_ and base64");
  // EVP_DecodeBlock counts the padding's zero bytes in: drop them.
  std::size_t size = static_cast<std::size_t>(decoded);
  for (auto it = encoded.rbegin(); it != encoded.rend() && *it == '='; ++it)
    --size;
  key.resize(size);
  return key;
}

}  // namespace

std::string newWebhookSecret() {
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1)
    throw std::runtime_error("the system random generator failed");
  return kSecretPrefix + base64(random, sizeof random);
}

std::string signWebhook(const std::string& secret, const std::string& messageId,
                        std::int64_t timestamp, const std::string& body) {
  const std::string key = keyOf(secret);
  const std::string content = messageId + "." + std::to_string(timestamp) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &length))
    throw std::runtime_error("HMAC-SHA256 failed");
  return "v1," + base64(mac, length);
}

std::string signatureHeader(const std::vector<std::string>& secrets, const std::string& messageId,
                            std::int64_t timestamp, const std::string& body) {
  // Appended piece by piece: GCC 12's -Wrestrict misreads operator+ on strings here.
  std::string header;
  for (const auto& secret : secrets) {
    if (!header.empty())
      header += ' ';
    header += signWebhook(secret, messageId, timestamp, body);
  }
  return header;
}

}  // namespace duka::webhooks
