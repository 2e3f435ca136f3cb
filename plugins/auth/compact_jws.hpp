// CompactJws: a JSON Web Signature in compact form (header.payload.signature), split and
// decoded but not yet verified; and the base64url coding JOSE uses.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace duka::auth {

// kMaxTokenBytes bounds every token duka parses: a larger one is refused unread.
inline constexpr std::size_t kMaxTokenBytes = 16 * 1024;

struct CompactJws {
  Poco::JSON::Object::Ptr header;
  Poco::JSON::Object::Ptr payload;
  std::string signingInput;  // the first two parts with their dot, as signed
  std::string signature;     // the decoded signature bytes

  // parse returns nothing for anything but three base64url parts whose first two are JSON
  // objects, within kMaxTokenBytes.
  static std::optional<CompactJws> parse(const std::string& token);
  // algorithm is the header's "alg", or "" when absent or not a string.
  std::string algorithm() const;
  // keyId is the header's "kid", or "".
  std::string keyId() const;
};

// base64UrlEncode encodes without padding; base64UrlDecode throws std::invalid_argument
// on anything but base64url (padding tolerated).
std::string base64UrlEncode(const std::string& bytes);
std::string base64UrlDecode(const std::string& text);

}  // namespace duka::auth
