#include "provider_claim_rules.hpp"

#include "claim_reader.hpp"

namespace duka::auth {

std::string checkProviderClaims(const Poco::JSON::Object::Ptr& claims,
                                const ClaimExpectations& expected, std::int64_t now) {
  const ClaimReader read(claims);
  if (expected.issuer.empty() || read.string("iss") != expected.issuer)
    return "iss is not the configured issuer";
  if (expected.audience.empty() || !read.audienceContains(expected.audience))
    return "aud does not contain " + expected.audience;
  if (!expected.authorizedParty.empty()) {
    const std::string azp = read.string("azp");
    const bool present = claims->has("azp");
    if (present && azp != expected.authorizedParty)
      return "azp is not the client id";
    if (!present && read.audienceCount() > 1)
      return "aud has several audiences and azp is missing";
  }
  if (read.string("sub").empty())
    return "sub is missing";
  const auto exp = read.integer("exp");
  if (!exp)
    return "exp is missing or not a number";
  if (*exp <= now)
    return "the token expired";
  const auto iat = read.integer("iat");
  if (!iat)
    return "iat is missing or not a number";
  if (*iat > now + expected.leewaySeconds)
    return "iat is in the future";
  if (claims->has("nbf")) {
    const auto nbf = read.integer("nbf");
    if (!nbf)
      return "nbf is not a number";
    if (*nbf > now + expected.leewaySeconds)
      return "the token is not valid yet (nbf)";
  }
  return "";
}

}  // namespace duka::auth
