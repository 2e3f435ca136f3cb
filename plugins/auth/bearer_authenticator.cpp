#include "bearer_authenticator.hpp"

namespace duka::auth {

std::optional<Principal> BearerAuthenticator::authenticate(const std::string& bearerToken) const {
  if (auto principal = issuer_.verifyAccess(bearerToken))
    return principal;
  if (provider_) {
    if (const auto claims = provider_->verifyAccessToken(bearerToken))
      return provider_->principalOf(claims);
  }
  return std::nullopt;
}

}  // namespace duka::auth
