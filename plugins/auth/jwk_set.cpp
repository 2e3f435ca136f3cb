#include "jwk_set.hpp"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <stdexcept>

#include "claim_reader.hpp"
#include "compact_jws.hpp"

namespace duka::auth {

namespace {

constexpr int kMinRsaBits = 2048;

template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using ParamBuilder =
    std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM, OSSL_PARAM_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Key = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;

Bignum bignum(const std::string& bytes) {
  Bignum n(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                     static_cast<int>(bytes.size()), nullptr));
  if (!n)
    throw std::invalid_argument("bad big number");
  return n;
}

// publicKey builds an EVP_PKEY of keyType ("RSA" or "EC") from OSSL parameters.
Key publicKey(const char* keyType, OSSL_PARAM_BLD* builder) {
  Params params(OSSL_PARAM_BLD_to_param(builder));
  KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    throw std::invalid_argument(std::string("not a valid ") + keyType + " public key");
  }
  return Key(key);
}

Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKey(const ClaimReader& jwk) {
  const Bignum n = bignum(base64UrlDecode(jwk.string("n")));
  const Bignum e = bignum(base64UrlDecode(jwk.string("e")));
  if (BN_num_bits(n.get()) < kMinRsaBits)
    throw std::invalid_argument("RSA key shorter than 2048 bits");
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    throw std::invalid_argument("bad RSA parameters");
  }
  const Key key = publicKey("RSA", builder.get());
  return new Poco::Crypto::RSAKey(Poco::Crypto::EVPPKey(key.get()));
}

// ecCurve maps a JWK "crv" to OpenSSL's group name and the coordinate size in bytes.
bool ecCurve(const std::string& crv, const char*& group, std::size_t& size) {
  if (crv == "P-256") {
    group = "prime256v1";
    size = 32;
  } else if (crv == "P-384") {
    group = "secp384r1";
    size = 48;
  } else if (crv == "P-521") {
    group = "secp521r1";
    size = 66;
  } else {
    return false;
  }
  return true;
}

Poco::SharedPtr<Poco::Crypto::ECKey> ecKey(const ClaimReader& jwk) {
  const char* group = nullptr;
  std::size_t size = 0;
  if (!ecCurve(jwk.string("crv"), group, size))
    throw std::invalid_argument("unsupported curve");
  const std::string x = base64UrlDecode(jwk.string("x"));
  const std::string y = base64UrlDecode(jwk.string("y"));
  if (x.size() != size || y.size() != size)
    throw std::invalid_argument("EC coordinates of the wrong size");
  const std::string point = std::string(1, '\x04') + x + y;  // uncompressed
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    throw std::invalid_argument("bad EC parameters");
  }
  const Key key = publicKey("EC", builder.get());
  return new Poco::Crypto::ECKey(Poco::Crypto::EVPPKey(key.get()));
}

}  // namespace

bool JsonWebKey::suits(const std::string& alg) const {
  if (!algorithm.empty() && algorithm != alg)
    return false;
  if (type == "RSA")
    return alg == "RS256" || alg == "RS384" || alg == "RS512";
  if (type == "EC") {
    return (alg == "ES256" && curve == "P-256") || (alg == "ES384" && curve == "P-384") ||
           (alg == "ES512" && curve == "P-521");
  }
  return false;
}

JwkSet JwkSet::parse(const std::string& json) {
  Poco::JSON::Object::Ptr document;
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var value = parser.parse(json);
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
      document = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  if (!document || !document->isArray("keys"))
    throw std::invalid_argument("not a JWKS document (no \"keys\" array)");
  JwkSet set;
  for (const auto& item : *document->getArray("keys")) {
    if (item.type() != typeid(Poco::JSON::Object::Ptr))
      continue;
    const Poco::JSON::Object::Ptr object = item.extract<Poco::JSON::Object::Ptr>();
    const ClaimReader jwk(object);
    const std::string use = jwk.string("use");
    if (object->has("use") && use != "sig")
      continue;
    JsonWebKey key;
    key.id = jwk.string("kid");
    key.type = jwk.string("kty");
    key.algorithm = jwk.string("alg");
    key.curve = jwk.string("crv");
    try {
      if (key.type == "RSA")
        key.rsa = rsaKey(jwk);
      else if (key.type == "EC")
        key.ec = ecKey(jwk);
      else
        continue;
    } catch (const std::exception&) {
      continue;  // one unusable key does not spoil the others
    }
    set.keys_.push_back(std::move(key));
  }
  return set;
}

const JsonWebKey* JwkSet::find(const std::string& kid) const {
  if (kid.empty())
    return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const auto& key : keys_) {
    if (key.id == kid)
      return &key;
  }
  return nullptr;
}

}  // namespace duka::auth
