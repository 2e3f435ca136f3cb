#include "oidc_provider.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "claim_reader.hpp"

namespace duka::auth {

namespace {

using Clock = std::chrono::steady_clock;

// After a failed discovery, logins wait this long before duka asks the provider again.
constexpr std::chrono::seconds kDiscoveryRetry{10};

Poco::JSON::Object::Ptr parseObject(const std::string& json, const std::string& what) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var value = parser.parse(json);
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
      return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  throw std::runtime_error(what + " is not a JSON object");
}

bool isAcceptedAlgorithm(const std::string& alg) {
  return alg != "none" && alg.rfind("HS", 0) != 0 && !alg.empty();
}

}  // namespace

OidcProvider::OidcProvider(const AuthSettings& settings, Poco::Logger& log)
    : settings_(settings), http_(settings.oidcTimeout, "duka-auth"), log_(log) {}

std::shared_ptr<const ProviderMetadata> OidcProvider::fetchMetadata() {
  std::string issuer = settings_.oidcIssuer;
  while (!issuer.empty() && issuer.back() == '/')
    issuer.pop_back();
  const HttpReply reply = http_.get(issuer + "/.well-known/openid-configuration");
  if (reply.status != 200)
    throw std::runtime_error("discovery answered HTTP " + std::to_string(reply.status));
  const auto document = parseObject(reply.body, "the discovery document");
  const ClaimReader read(document);
  auto metadata = std::make_shared<ProviderMetadata>();
  metadata->issuer = read.string("issuer");
  metadata->jwksUri = read.string("jwks_uri");
  metadata->tokenEndpoint = read.string("token_endpoint");
  metadata->authorizationEndpoint = read.string("authorization_endpoint");
  // OpenID Connect Discovery 4.3: the issuer in the document must be the one asked for.
  if (metadata->issuer != settings_.oidcIssuer)
    throw std::runtime_error("the discovery document names another issuer: " + metadata->issuer);
  if (!isSecureServiceUrl(metadata->jwksUri))
    throw std::runtime_error("jwks_uri is missing or not https");
  if (!metadata->tokenEndpoint.empty() && !isSecureServiceUrl(metadata->tokenEndpoint))
    throw std::runtime_error("token_endpoint is not https");
  if (!metadata->authorizationEndpoint.empty() &&
      !isSecureServiceUrl(metadata->authorizationEndpoint))
    throw std::runtime_error("authorization_endpoint is not https");
  std::vector<std::string> advertised = read.strings("id_token_signing_alg_values_supported");
  if (advertised.empty())
    advertised = {"RS256"};  // the one every provider must support (Core 15.1)
  for (const auto& alg : advertised) {
    if (isAcceptedAlgorithm(alg))
      metadata->signingAlgorithms.insert(alg);
  }
  const auto methods = read.strings("token_endpoint_auth_methods_supported");
  if (!methods.empty()) {
    bool basic = false, post = false;
    for (const auto& method : methods) {
      basic = basic || method == "client_secret_basic";
      post = post || method == "client_secret_post";
    }
    metadata->basicClientAuth = basic || !post;
  }
  log_.information("OpenID provider %s: %z signing algorithms", metadata->issuer,
                   metadata->signingAlgorithms.size());
  return metadata;
}

std::string OidcProvider::authorizationEndpoint() {
  const auto meta = metadata();
  return meta ? meta->authorizationEndpoint : "";
}

std::shared_ptr<const ProviderMetadata> OidcProvider::metadata() {
  {
    std::lock_guard lock(mutex_);
    if (metadata_)
      return metadata_;
    if (metadataFailedAt_ != Clock::time_point{} &&
        Clock::now() - metadataFailedAt_ < kDiscoveryRetry) {
      return nullptr;
    }
  }
  std::lock_guard fetching(fetching_);
  {
    std::lock_guard lock(mutex_);
    if (metadata_)
      return metadata_;
  }
  try {
    auto fetched = fetchMetadata();
    std::lock_guard lock(mutex_);
    metadata_ = fetched;
    return metadata_;
  } catch (const std::exception& e) {
    log_.error("OpenID provider discovery failed: %s", std::string(e.what()));
    std::lock_guard lock(mutex_);
    metadataFailedAt_ = Clock::now();
    return nullptr;
  }
}

void OidcProvider::fetchKeys(const ProviderMetadata& metadata) {
  {
    std::lock_guard lock(mutex_);
    keysFetchedAt_ = Clock::now();  // a failed fetch counts too: no hammering
  }
  try {
    const HttpReply reply = http_.get(metadata.jwksUri);
    if (reply.status != 200)
      throw std::runtime_error("jwks_uri answered HTTP " + std::to_string(reply.status));
    auto keys = std::make_shared<const JwkSet>(JwkSet::parse(reply.body));
    log_.information("OpenID provider keys: %z usable", keys->size());
    std::lock_guard lock(mutex_);
    keys_ = keys;
  } catch (const std::exception& e) {
    log_.error("fetching the OpenID provider's keys failed: %s", std::string(e.what()));
  }
}

std::optional<JsonWebKey> OidcProvider::keyFor(const std::string& kid, const std::string& alg) {
  const auto meta = metadata();
  if (!meta)
    return std::nullopt;
  auto lookup = [&]() -> std::optional<JsonWebKey> {
    std::lock_guard lock(mutex_);
    if (!keys_)
      return std::nullopt;
    const JsonWebKey* key = keys_->find(kid);
    if (!key)
      return std::nullopt;
    return *key;
  };
  auto mayFetch = [&] {
    std::lock_guard lock(mutex_);
    return !keysFetchedAt_ || Clock::now() - *keysFetchedAt_ >= kJwksRefetchInterval;
  };
  auto key = lookup();
  if (!key && mayFetch()) {
    std::lock_guard fetching(fetching_);
    key = lookup();  // another thread may have fetched meanwhile
    if (!key && mayFetch()) {
      fetchKeys(*meta);
      key = lookup();
    }
  }
  if (key && !key->suits(alg))
    return std::nullopt;
  return key;
}

std::set<std::string> OidcProvider::algorithms() {
  const auto meta = metadata();
  return meta ? meta->signingAlgorithms : std::set<std::string>{};
}

std::string OidcProvider::exchangeCode(const std::string& code, const std::string& redirectUri,
                                       const std::string& codeVerifier) {
  const auto meta = metadata();
  if (!meta)
    throw std::runtime_error("the OpenID provider is not reachable");
  if (meta->tokenEndpoint.empty())
    throw std::runtime_error("the provider advertises no token_endpoint");
  std::vector<std::pair<std::string, std::string>> fields{
      {"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirectUri}};
  if (!codeVerifier.empty())
    fields.emplace_back("code_verifier", codeVerifier);
  HttpReply reply;
  if (settings_.oidcClientSecret.empty()) {
    fields.emplace_back("client_id", settings_.oidcClientId);  // a public client
    reply = http_.postForm(meta->tokenEndpoint, fields);
  } else if (meta->basicClientAuth) {
    reply = http_.postForm(
        meta->tokenEndpoint, fields,
        {{"Authorization",
          basicAuthorization(settings_.oidcClientId, settings_.oidcClientSecret, true)}});
  } else {
    fields.emplace_back("client_id", settings_.oidcClientId);
    fields.emplace_back("client_secret", settings_.oidcClientSecret);
    reply = http_.postForm(meta->tokenEndpoint, fields);
  }
  if (reply.status != 200) {
    // The provider's error code (invalid_grant, ...) is safe to log; its body may not be.
    std::string error;
    try {
      error = ClaimReader(parseObject(reply.body, "the token answer")).string("error");
    } catch (const std::exception&) {
    }
    throw std::runtime_error("the token endpoint answered HTTP " + std::to_string(reply.status) +
                             (error.empty() ? "" : " (" + error + ")"));
  }
  const std::string idToken =
      ClaimReader(parseObject(reply.body, "the token answer")).string("id_token");
  if (idToken.empty())
    throw std::runtime_error("the token answer has no id_token (is the openid scope asked?)");
  return idToken;
}

}  // namespace duka::auth
