// Test keys and token forging for the auth unit tests: RSA and EC key pairs made with
// OpenSSL, their public JWKs, and tokens signed (or deliberately mis-signed) with them.
#pragma once

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/SharedPtr.h>

#include <string>

namespace duka::auth::test {

struct TestKey {
  std::string kid;
  std::string alg;  // RS256 or ES256
  Poco::SharedPtr<Poco::Crypto::RSAKey> rsa;
  Poco::SharedPtr<Poco::Crypto::ECKey> ec;
  Poco::JSON::Object::Ptr jwk;  // the public part, as a JWKS lists it
  std::string publicPem;        // for the algorithm-confusion attack
};

TestKey makeRsaKey(const std::string& kid, int bits = 2048);
TestKey makeEcKey(const std::string& kid);

// jwks is {"keys":[...]} of the given keys' public parts.
std::string jwks(const std::vector<const TestKey*>& keys);

// signToken signs claims with key (Poco::JWT), with the key's kid and alg in the header.
std::string signToken(const TestKey& key, const Poco::JSON::Object::Ptr& claims);
// forgeToken assembles header.payload.signature from the given parts (signature raw).
std::string forgeToken(const Poco::JSON::Object::Ptr& header, const Poco::JSON::Object::Ptr& claims,
                       const std::string& signature);
// hmacSha256 is HMAC-SHA256 of data with key, raw bytes.
std::string hmacSha256(const std::string& key, const std::string& data);

}  // namespace duka::auth::test
