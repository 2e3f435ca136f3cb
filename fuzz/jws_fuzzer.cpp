// JWS and JWT: a bearer token split and decoded (CompactJws), its header read, then
// verified as duka's own access and refresh tokens (HS256, the claims' rules). A token
// that is not ours must be refused, never crash.
#include <cstdint>

#include "compact_jws.hpp"
#include "token_issuer.hpp"

using namespace duka::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const TokenIssuer issuer("fuzz-secret-of-at-least-thirty-two-bytes",
                                  std::chrono::seconds(900), std::chrono::seconds(3600));
  const std::string token(reinterpret_cast<const char*>(data), size);
  if (const auto jws = CompactJws::parse(token)) {
    jws->algorithm();
    jws->keyId();
  }
  std::int64_t expiresAt = 0;
  issuer.verifyAccess(token, &expiresAt);
  issuer.verifyRefresh(token);
  try {
    base64UrlDecode(token);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
