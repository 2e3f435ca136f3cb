#include "provider_token_verifier.hpp"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/SHA2Engine.h>

#include "claim_reader.hpp"
#include "compact_jws.hpp"

namespace duka::auth {

namespace {

// signatureSize is the JWS size of an ECDSA signature (r || s), 0 for other algorithms.
std::size_t signatureSize(const std::string& alg) {
  if (alg == "ES256")
    return 64;
  if (alg == "ES384")
    return 96;
  if (alg == "ES512")
    return 132;
  return 0;
}

}  // namespace

ProviderTokenVerifier::ProviderTokenVerifier(OidcProvider& provider, const AuthSettings& settings,
                                             Poco::Logger& log)
    : provider_(provider), settings_(settings), log_(log) {
  // Subjects of provider users carry a digest of the issuer, so that a user of another
  // issuer configured later can never take over their customer profile.
  Poco::SHA2Engine sha;
  sha.update(settings.oidcIssuer);
  subjectPrefix_ = "oidc:" + Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 12) + ":";
}

Poco::JSON::Object::Ptr ProviderTokenVerifier::verify(const std::string& token,
                                                      const ClaimExpectations& expected,
                                                      bool quiet) {
  auto reject = [&](const std::string& why) -> Poco::JSON::Object::Ptr {
    if (!quiet)
      log_.notice("provider token refused: %s", why);
    return nullptr;
  };
  const auto jws = CompactJws::parse(token);
  if (!jws)
    return reject("not a JWS");
  const std::string alg = jws->algorithm();
  const auto allowed = provider_.algorithms();
  if (allowed.count(alg) == 0)  // never none or HMAC: they are not in the set
    return reject("alg '" + alg + "' is not accepted");
  const std::size_t size = signatureSize(alg);
  if (size != 0 && jws->signature.size() != size)
    return reject("ECDSA signature of the wrong size");
  const auto key = provider_.keyFor(jws->keyId(), alg);
  if (!key)
    return reject("no provider key for kid '" + jws->keyId() + "' and alg " + alg);
  Poco::JWT::Signer signer;
  signer.setAlgorithms({alg});
  if (key->rsa)
    signer.setRSAKey(key->rsa);
  else
    signer.setECKey(key->ec);
  try {
    Poco::JWT::Token parsed;
    if (!signer.tryVerify(token, parsed))
      return reject("bad signature");
  } catch (const Poco::Exception& e) {
    return reject("bad token: " + e.displayText());
  }
  const std::string broken = checkProviderClaims(jws->payload, expected, unixNow());
  if (!broken.empty())
    return reject(broken);
  return jws->payload;
}

Poco::JSON::Object::Ptr ProviderTokenVerifier::verifyIdToken(const std::string& token) {
  return verify(token,
                {.issuer = settings_.oidcIssuer,
                 .audience = settings_.oidcClientId,
                 .authorizedParty = settings_.oidcClientId},
                false);
}

Poco::JSON::Object::Ptr ProviderTokenVerifier::verifyAccessToken(const std::string& token) {
  if (settings_.oidcAudience.empty())
    return nullptr;
  // Quiet: a bearer token that is not the provider's is routine (e.g. an expired one of ours).
  return verify(
      token,
      {.issuer = settings_.oidcIssuer, .audience = settings_.oidcAudience, .authorizedParty = ""},
      true);
}

Principal ProviderTokenVerifier::principalOf(const Poco::JSON::Object::Ptr& claims) const {
  const ClaimReader read(claims);
  Principal principal;
  principal.subject = subjectPrefix_ + read.string("sub");
  principal.username = read.string("preferred_username");
  if (principal.username.empty())
    principal.username = read.string("email");
  if (principal.username.empty())
    principal.username = read.string("sub");
  for (const auto& role : read.strings(settings_.staffClaim)) {
    if (role == settings_.staffValue) {
      principal.roles.push_back(kStaffRole);
      break;
    }
  }
  return principal;
}

}  // namespace duka::auth
