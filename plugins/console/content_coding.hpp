// ContentCoding: which stored copies of a file a client takes, from its Accept-Encoding
// (RFC 9110 12.5.3), best first: brotli and gzip when accepted with q > 0 (the higher q
// first; brotli on a tie), then the file as it is.
#pragma once

#include <string>
#include <vector>

namespace duka::console {

enum class ContentCoding { Identity, Gzip, Brotli };

std::vector<ContentCoding> acceptedCodings(const std::string& acceptEncoding);

}  // namespace duka::console
