#include "test_keys.hpp"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <sstream>
#include <stdexcept>

#include "compact_jws.hpp"

namespace duka::auth::test {

namespace {

std::string bnParam(EVP_PKEY* key, const char* name, std::size_t width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
    throw std::runtime_error(std::string("no key parameter ") + name);
  std::string bytes(width ? width : static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  BN_free(bn);
  return bytes;
}

std::string publicPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string compact(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

TestKey makeRsaKey(const std::string& kid, int bits) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
  TestKey test;
  test.kid = kid;
  test.alg = "RS256";
  test.rsa = new Poco::Crypto::RSAKey(Poco::Crypto::EVPPKey(key));
  test.jwk = new Poco::JSON::Object;
  test.jwk->set("kty", "RSA");
  test.jwk->set("kid", kid);
  test.jwk->set("use", "sig");
  test.jwk->set("alg", "RS256");
  test.jwk->set("n", base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_RSA_N)));
  test.jwk->set("e", base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_RSA_E)));
  test.publicPem = publicPem(key);
  EVP_PKEY_free(key);
  return test;
}

TestKey makeEcKey(const std::string& kid) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  TestKey test;
  test.kid = kid;
  test.alg = "ES256";
  test.ec = new Poco::Crypto::ECKey(Poco::Crypto::EVPPKey(key));
  test.jwk = new Poco::JSON::Object;
  test.jwk->set("kty", "EC");
  test.jwk->set("kid", kid);
  test.jwk->set("use", "sig");
  test.jwk->set("crv", "P-256");
  test.jwk->set("x", base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32)));
  test.jwk->set("y", base64UrlEncode(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32)));
  test.publicPem = publicPem(key);
  EVP_PKEY_free(key);
  return test;
}

std::string jwks(const std::vector<const TestKey*>& keys) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const TestKey* key : keys)
    list->add(key->jwk);
  Poco::JSON::Object document;
  document.set("keys", list);
  return compact(document);
}

std::string signToken(const TestKey& key, const Poco::JSON::Object::Ptr& claims) {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("kid", key.kid);
  for (const auto& [name, value] : *claims)
    token.payload().set(name, value);
  Poco::JWT::Signer signer;
  if (key.rsa)
    signer.setRSAKey(key.rsa);
  else
    signer.setECKey(key.ec);
  return signer.sign(token, key.alg);
}

std::string forgeToken(const Poco::JSON::Object::Ptr& header, const Poco::JSON::Object::Ptr& claims,
                       const std::string& signature) {
  return base64UrlEncode(compact(*header)) + "." + base64UrlEncode(compact(*claims)) + "." +
         base64UrlEncode(signature);
}

std::string hmacSha256(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace duka::auth::test
