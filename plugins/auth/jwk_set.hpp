// JwkSet: the provider's signing keys from its JWKS document, as Poco::Crypto keys by
// "kid": RSA (>= 2048 bits) and EC (P-256, P-384, P-521). Encryption keys and keys of
// other types are left out.
#pragma once

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/SharedPtr.h>

#include <string>
#include <vector>

namespace duka::auth {

struct JsonWebKey {
  std::string id;         // kid
  std::string type;       // kty: RSA or EC
  std::string algorithm;  // alg, when the JWK names one
  std::string curve;      // crv, EC only
  Poco::SharedPtr<Poco::Crypto::RSAKey> rsa;
  Poco::SharedPtr<Poco::Crypto::ECKey> ec;

  // suits tells whether the key may verify a signature made with alg: the algorithm's
  // family and curve fit the key, and alg equals the key's own "alg" when it has one.
  bool suits(const std::string& alg) const;
};

class JwkSet {
 public:
  // parse reads a JWKS document; it throws std::invalid_argument when it is not one.
  static JwkSet parse(const std::string& json);

  // find returns the key with that kid, or, for an empty kid, the only key there is.
  const JsonWebKey* find(const std::string& kid) const;
  std::size_t size() const { return keys_.size(); }

 private:
  std::vector<JsonWebKey> keys_;
};

}  // namespace duka::auth
