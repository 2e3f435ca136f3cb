// BearerAuthenticator: the host's Authenticator: API keys ("duka_..."), duka's own access
// tokens, then, when oidc_audience is set, the OpenID provider's access tokens.
#pragma once

#include <duka/facility/identity.hpp>

#include "api_keys.hpp"
#include "provider_token_verifier.hpp"
#include "token_issuer.hpp"
#include "verified_token_cache.hpp"

namespace duka::auth {

class BearerAuthenticator : public ClientAuthenticator {
 public:
  // provider may be null (no OpenID provider configured), and keys (no API keys).
  BearerAuthenticator(const TokenIssuer& issuer, ProviderTokenVerifier* provider,
                      ApiKeys* keys = nullptr)
      : issuer_(issuer), provider_(provider), keys_(keys) {}

  std::optional<Principal> authenticate(const std::string& bearerToken) const override;
  std::optional<Principal> authenticate(const std::string& bearerToken,
                                        const std::string& clientAddress) const override;

 private:
  const TokenIssuer& issuer_;
  ProviderTokenVerifier* provider_;
  ApiKeys* keys_;
  mutable VerifiedTokenCache verified_;
};

}  // namespace duka::auth
