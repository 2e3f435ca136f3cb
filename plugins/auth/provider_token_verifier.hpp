// ProviderTokenVerifier: checks a token the OpenID provider signed: its alg among the
// provider's advertised ones (never "none" or HMAC), the key of its kid, the signature
// (Poco::JWT), then the claim rules; and turns its claims into a duka principal.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <duka/principal.hpp>
#include <string>

#include "auth_settings.hpp"
#include "oidc_provider.hpp"
#include "provider_claim_rules.hpp"

namespace duka::auth {

class ProviderTokenVerifier {
 public:
  ProviderTokenVerifier(OidcProvider& provider, const AuthSettings& settings, Poco::Logger& log);

  // verifyIdToken returns the claims of a valid ID token for duka's client id, or nullptr.
  Poco::JSON::Object::Ptr verifyIdToken(const std::string& token);
  // verifyAccessToken returns the claims of a valid provider access token for
  // oidc_audience, or nullptr (always nullptr when oidc_audience is empty).
  Poco::JSON::Object::Ptr verifyAccessToken(const std::string& token);

  // principalOf maps verified claims to a principal: a subject derived from issuer and
  // sub, preferred_username (else email, else sub), staff from staff_claim.
  Principal principalOf(const Poco::JSON::Object::Ptr& claims) const;

 private:
  Poco::JSON::Object::Ptr verify(const std::string& token, const ClaimExpectations& expected,
                                 bool quiet);

  OidcProvider& provider_;
  const AuthSettings settings_;
  Poco::Logger& log_;
  std::string subjectPrefix_;
};

}  // namespace duka::auth
