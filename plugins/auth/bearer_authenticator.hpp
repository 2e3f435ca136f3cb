// BearerAuthenticator: the host's Authenticator: duka's own access tokens first, then,
// when oidc_audience is set, the OpenID provider's access tokens.
#pragma once

#include <duka/facility/identity.hpp>

#include "provider_token_verifier.hpp"
#include "token_issuer.hpp"
#include "verified_token_cache.hpp"

namespace duka::auth {

class BearerAuthenticator : public Authenticator {
 public:
  // provider may be null (no OpenID provider configured).
  BearerAuthenticator(const TokenIssuer& issuer, ProviderTokenVerifier* provider)
      : issuer_(issuer), provider_(provider) {}

  std::optional<Principal> authenticate(const std::string& bearerToken) const override;

 private:
  const TokenIssuer& issuer_;
  ProviderTokenVerifier* provider_;
  mutable VerifiedTokenCache verified_;
};

}  // namespace duka::auth
