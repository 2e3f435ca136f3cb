// checkProviderClaims: the claim rules of SPEC 5 for tokens the OpenID provider signed (ID
// tokens, and its access tokens when oidc_audience is set), in one place. Poco::JWT checks
// signatures only; everything about iss, aud, azp, exp, nbf and iat is decided here.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace duka::auth {

struct ClaimExpectations {
  std::string issuer;    // "iss" must equal it exactly
  std::string audience;  // "aud" (a string or an array) must contain it
  // authorizedParty, when not empty, is the client id that "azp" must name when present,
  // and must be present when "aud" names several audiences (OpenID Connect Core 3.1.3.7).
  std::string authorizedParty;
  std::int64_t leewaySeconds = 60;  // for "iat" and "nbf" only
};

// checkProviderClaims returns "" when the claims pass every rule at time now (seconds
// since the epoch), else the first rule broken, for the log; clients never see it.
std::string checkProviderClaims(const Poco::JSON::Object::Ptr& claims,
                                const ClaimExpectations& expected, std::int64_t now);

}  // namespace duka::auth
