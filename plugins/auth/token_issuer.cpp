#include "token_issuer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "claim_reader.hpp"
#include "compact_jws.hpp"

namespace duka::auth {

namespace {

// kIatLeeway is how far in the future an "iat" may be, for clocks that differ a little
// between several duka instances.
constexpr std::int64_t kIatLeeway = 60;

std::string hmacSha256(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length)) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::string newTokenId() {
  unsigned char random[16];
  if (RAND_bytes(random, sizeof random) != 1)
    throw std::runtime_error("the system random generator failed");
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (unsigned char byte : random) {
    id.push_back(hex[byte >> 4]);
    id.push_back(hex[byte & 0xf]);
  }
  return id;
}

TokenIssuer::TokenIssuer(std::string secret, std::chrono::seconds accessTtl,
                         std::chrono::seconds refreshTtl)
    : secret_(std::move(secret)), accessTtl_(accessTtl), refreshTtl_(refreshTtl) {}

std::string TokenIssuer::sign(Poco::JSON::Object::Ptr payload) const {
  Poco::JWT::Token jwt;
  jwt.setType("JWT");
  for (const auto& [name, value] : *payload)
    jwt.payload().set(name, value);
  return Poco::JWT::Signer(secret_).sign(jwt, Poco::JWT::Signer::ALGO_HS256);
}

std::string TokenIssuer::issueAccess(const Principal& principal) const {
  const std::int64_t now = unixNow();
  Poco::JSON::Object::Ptr claims = new Poco::JSON::Object;
  claims->set("iss", kTokenIssuer);
  claims->set("sub", principal.subject);
  claims->set("typ", "access");
  claims->set("iat", now);
  claims->set("exp", now + accessTtl_.count());
  claims->set("jti", newTokenId());
  claims->set("username", principal.username);
  Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
  for (const auto& role : principal.roles)
    roles->add(role);
  claims->set("roles", roles);
  return sign(claims);
}

SignedRefreshToken TokenIssuer::issueRefresh(const std::string& subject,
                                             const std::string& family) const {
  const std::int64_t now = unixNow();
  SignedRefreshToken refresh;
  refresh.id = newTokenId();
  refresh.family = family.empty() ? refresh.id : family;
  refresh.expiresAt = now + refreshTtl_.count();
  Poco::JSON::Object::Ptr claims = new Poco::JSON::Object;
  claims->set("iss", kTokenIssuer);
  claims->set("sub", subject);
  claims->set("typ", "refresh");
  claims->set("iat", now);
  claims->set("exp", refresh.expiresAt);
  claims->set("jti", refresh.id);
  claims->set("fam", refresh.family);
  refresh.token = sign(claims);
  return refresh;
}

Poco::JSON::Object::Ptr TokenIssuer::verified(const std::string& token,
                                              const std::string& type) const {
  // Poco::JWT::Signer compares HMACs with operator==, whose time depends on where the
  // first difference is; this check compares in constant time instead.
  const auto jws = CompactJws::parse(token);
  // Only HS256 is ours: "none", other HMACs and every public-key algorithm are refused
  // before any signature check (RFC 8725, 3.1).
  if (!jws || jws->algorithm() != "HS256" || jws->signature.size() != 32)
    return nullptr;
  const std::string expected = hmacSha256(secret_, jws->signingInput);
  if (CRYPTO_memcmp(expected.data(), jws->signature.data(), expected.size()) != 0)
    return nullptr;
  const ClaimReader claims(jws->payload);
  const std::int64_t now = unixNow();
  const auto exp = claims.integer("exp");
  const auto iat = claims.integer("iat");
  if (claims.string("iss") != kTokenIssuer || claims.string("typ") != type ||
      claims.string("sub").empty() || claims.string("jti").empty() || !exp || *exp <= now || !iat ||
      *iat > now + kIatLeeway) {
    return nullptr;
  }
  return jws->payload;
}

std::optional<Principal> TokenIssuer::verifyAccess(const std::string& token,
                                                   std::int64_t* expiresAt) const {
  const Poco::JSON::Object::Ptr payload = verified(token, "access");
  if (!payload)
    return std::nullopt;
  const ClaimReader claims(payload);
  if (expiresAt)
    *expiresAt = claims.integer("exp").value_or(0);
  Principal principal;
  principal.subject = claims.string("sub");
  principal.username = claims.string("username");
  principal.roles = claims.strings("roles");
  return principal;
}

std::optional<RefreshClaims> TokenIssuer::verifyRefresh(const std::string& token) const {
  const Poco::JSON::Object::Ptr payload = verified(token, "refresh");
  if (!payload)
    return std::nullopt;
  const ClaimReader claims(payload);
  if (claims.string("fam").empty())
    return std::nullopt;
  return RefreshClaims{claims.string("jti"), claims.string("fam"), claims.string("sub")};
}

}  // namespace duka::auth
