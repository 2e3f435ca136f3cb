#include "password_hasher.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <sstream>
#include <stdexcept>

namespace duka::auth {

namespace {

constexpr const char* kAlgorithm = "pbkdf2_sha256";
constexpr std::size_t kKeyBytes = 32;
// The longest iteration count verify accepts from a stored hash, so that a tampered row
// cannot make a login burn minutes of CPU.
constexpr int kMaxIterations = 50'000'000;

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string unbase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string bytes;
  char c;
  while (decoder.get(c))
    bytes.push_back(c);
  return bytes;
}

// randomSalt is 22 characters of [A-Za-z0-9] (about 131 bits), as Django makes them.
std::string randomSalt() {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char random[22];
  if (RAND_bytes(random, sizeof random) != 1)
    throw std::runtime_error("the system random generator failed");
  std::string salt;
  for (unsigned char byte : random)
    salt.push_back(alphabet[byte % 62]);  // 256 % 62 = 8: a bias too small to matter
  return salt;
}

}  // namespace

std::string derivePbkdf2Sha256(const std::string& password, const std::string& salt,
                               int iterations) {
  std::string key(kKeyBytes, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(key.size()),
                        reinterpret_cast<unsigned char*>(key.data())) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return key;
}

PasswordHasher::PasswordHasher(int iterations) : iterations_(iterations) {}

std::string PasswordHasher::hash(const std::string& password) const {
  const std::string salt = randomSalt();
  return std::string(kAlgorithm) + "$" + std::to_string(iterations_) + "$" + salt + "$" +
         base64(derivePbkdf2Sha256(password, salt, iterations_));
}

bool PasswordHasher::verify(const std::string& password, const std::string& encoded) const {
  const Poco::StringTokenizer parts(encoded, "$");
  int iterations = 0;
  if (parts.count() != 4 || parts[0] != kAlgorithm ||
      !Poco::NumberParser::tryParse(parts[1], iterations) || iterations < 1 ||
      iterations > kMaxIterations || parts[2].empty()) {
    return false;
  }
  std::string expected;
  try {
    expected = unbase64(parts[3]);
  } catch (const Poco::Exception&) {
    return false;
  }
  if (expected.size() != kKeyBytes)
    return false;
  const std::string actual = derivePbkdf2Sha256(password, parts[2], iterations);
  return CRYPTO_memcmp(actual.data(), expected.data(), kKeyBytes) == 0;
}

void PasswordHasher::burn(const std::string& password) const {
  derivePbkdf2Sha256(password, "duka-no-such-user", iterations_);
}

}  // namespace duka::auth
