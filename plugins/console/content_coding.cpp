#include "content_coding.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace duka::console {

std::vector<ContentCoding> acceptedCodings(const std::string& acceptEncoding) {
  double brotli = -1, gzip = -1, any = -1;
  std::vector<std::string> offered;
  Poco::Net::MessageHeader::splitElements(acceptEncoding, offered);
  for (const auto& element : offered) {
    std::string name;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(element, name, parameters);
    double q = 1;
    if (parameters.has("q") && !Poco::NumberParser::tryParseFloat(parameters.get("q"), q))
      q = 0;
    name = Poco::toLower(name);
    if (name == "br")
      brotli = q;
    else if (name == "gzip" || name == "x-gzip")
      gzip = q;
    else if (name == "*")
      any = q;
  }
  // "*" stands for a coding not named.
  if (brotli < 0)
    brotli = any;
  if (gzip < 0)
    gzip = any;
  std::vector<ContentCoding> codings;
  if (brotli > 0 && brotli >= gzip)
    codings.push_back(ContentCoding::Brotli);
  if (gzip > 0)
    codings.push_back(ContentCoding::Gzip);
  if (brotli > 0 && brotli < gzip)
    codings.push_back(ContentCoding::Brotli);
  codings.push_back(ContentCoding::Identity);
  return codings;
}

}  // namespace duka::console
