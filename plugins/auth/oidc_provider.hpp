// OidcProvider: what duka knows of the configured OpenID provider: its metadata (from
// <issuer>/.well-known/openid-configuration), its signing keys (from jwks_uri, cached and
// refetched when an unknown kid appears, at most once a minute), and the code exchange at
// its token endpoint. Nothing is fetched until first needed, so duka starts while the
// provider is down; a failed fetch is retried on a later login.
#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "auth_settings.hpp"
#include "duka/facility/http_client.hpp"
#include "jwk_set.hpp"

namespace duka::auth {

struct ProviderMetadata {
  std::string issuer;
  std::string jwksUri;
  std::string tokenEndpoint;
  std::string authorizationEndpoint;        // where a browser signs in (code flow)
  std::set<std::string> signingAlgorithms;  // advertised, without "none" and HMAC
  bool basicClientAuth = true;              // client_secret_basic, else client_secret_post
};

class OidcProvider {
 public:
  OidcProvider(const AuthSettings& settings, Poco::Logger& log);

  // keyFor returns the key with that kid suiting alg, refetching the JWKS once a minute at
  // most when the kid is unknown; nothing when there is none or the provider is down.
  std::optional<JsonWebKey> keyFor(const std::string& kid, const std::string& alg);
  // algorithms are the signing algorithms the provider advertises that duka accepts.
  std::set<std::string> algorithms();
  // authorizationEndpoint is where a browser signs in, from the discovery document; "" while
  // the provider cannot be reached.
  std::string authorizationEndpoint();
  const std::string& clientId() const { return settings_.oidcClientId; }
  // exchangeCode trades an authorization code for the provider's ID token; it throws
  // std::runtime_error (for the log) when the provider refuses or cannot be reached.
  std::string exchangeCode(const std::string& code, const std::string& redirectUri,
                           const std::string& codeVerifier);

  // kJwksRefetchInterval is the least time between two JWKS fetches for unknown kids.
  static constexpr std::chrono::seconds kJwksRefetchInterval{60};

 private:
  std::shared_ptr<const ProviderMetadata> metadata();
  std::shared_ptr<const ProviderMetadata> fetchMetadata();
  void fetchKeys(const ProviderMetadata& metadata);

  const AuthSettings settings_;
  HttpClient http_;
  Poco::Logger& log_;
  std::mutex fetching_;  // one fetch at a time; readers take mutex_ only
  std::mutex mutex_;
  std::shared_ptr<const ProviderMetadata> metadata_;
  std::chrono::steady_clock::time_point metadataFailedAt_{};
  std::shared_ptr<const JwkSet> keys_;
  std::optional<std::chrono::steady_clock::time_point> keysFetchedAt_;
};

}  // namespace duka::auth
