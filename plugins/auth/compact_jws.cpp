#include "compact_jws.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <stdexcept>

namespace duka::auth {

namespace {

bool isBase64UrlText(const std::string& text) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  Poco::Dynamic::Var value = parser.parse(text);
  if (value.type() != typeid(Poco::JSON::Object::Ptr))
    return nullptr;
  return value.extract<Poco::JSON::Object::Ptr>();
}

std::string stringMember(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object || !object->has(name))
    return "";
  const Poco::Dynamic::Var value = object->get(name);
  return value.isString() ? value.extract<std::string>() : "";
}

}  // namespace

std::string base64UrlEncode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

std::string base64UrlDecode(const std::string& text) {
  std::string unpadded = text;
  while (!unpadded.empty() && unpadded.back() == '=')
    unpadded.pop_back();
  if (!isBase64UrlText(unpadded) || unpadded.size() % 4 == 1)
    throw std::invalid_argument("not base64url");
  std::istringstream in(unpadded);
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  std::string bytes;
  char c;
  try {
    while (decoder.get(c))
      bytes.push_back(c);
  } catch (const Poco::Exception&) {
    throw std::invalid_argument("not base64url");
  }
  return bytes;
}

std::optional<CompactJws> CompactJws::parse(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenBytes)
    return std::nullopt;
  const std::size_t first = token.find('.');
  if (first == std::string::npos)
    return std::nullopt;
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos)
    return std::nullopt;
  try {
    CompactJws jws;
    jws.header = parseObject(base64UrlDecode(token.substr(0, first)));
    jws.payload = parseObject(base64UrlDecode(token.substr(first + 1, second - first - 1)));
    jws.signature = base64UrlDecode(token.substr(second + 1));
    jws.signingInput = token.substr(0, second);
    if (!jws.header || !jws.payload)
      return std::nullopt;
    return jws;
  } catch (const std::exception&) {  // base64 or JSON: both mean "not a token"
    return std::nullopt;
  }
}

std::string CompactJws::algorithm() const {
  return stringMember(header, "alg");
}

std::string CompactJws::keyId() const {
  return stringMember(header, "kid");
}

}  // namespace duka::auth
