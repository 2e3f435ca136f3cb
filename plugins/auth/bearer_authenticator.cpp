#include "bearer_authenticator.hpp"

#include "claim_reader.hpp"

namespace duka::auth {

std::optional<Principal> BearerAuthenticator::authenticate(const std::string& bearerToken,
                                                           const std::string& clientAddress) const {
  if (keys_ && ApiKeys::isKey(bearerToken))
    return keys_->authenticate(bearerToken, clientAddress);
  return authenticate(bearerToken);
}

std::optional<Principal> BearerAuthenticator::authenticate(const std::string& bearerToken) const {
  if (ApiKeys::isKey(bearerToken))
    return std::nullopt;  // a key needs the client's address (throttling): the overload above
  const std::int64_t now = unixNow();
  if (auto principal = verified_.find(bearerToken, now))
    return principal;
  std::int64_t expiresAt = 0;
  if (auto principal = issuer_.verifyAccess(bearerToken, &expiresAt)) {
    verified_.remember(bearerToken, *principal, expiresAt);
    return principal;
  }
  if (provider_) {
    if (const auto claims = provider_->verifyAccessToken(bearerToken)) {
      Principal principal = provider_->principalOf(claims);
      verified_.remember(bearerToken, principal, ClaimReader(claims).integer("exp").value_or(0));
      return principal;
    }
  }
  return std::nullopt;
}

}  // namespace duka::auth
