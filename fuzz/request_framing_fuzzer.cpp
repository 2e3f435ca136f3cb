// Request framing and the head parser: where a head ends, duka's checks of it (RFC 9112),
// Poco's parse of a head that passed them, then the body fed in pieces of changing sizes,
// as the event loop feeds it. A problem must be an answer (FramingProblem, HttpError),
// never a crash, a leak or a read past the bytes.
#include <Poco/Net/HTTPRequest.h>

#include <cstdint>
#include <duka/http.hpp>
#include <sstream>

#include "http/transport/request_framing.hpp"

using namespace duka;
using namespace duka::host;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  bytes.remove_prefix(std::min(bytes.size(), blankLinesBefore(bytes)));
  const std::size_t head = headLength(bytes);
  if (head == 0 || head > kMaxHeadBytes)
    return 0;
  RequestFraming framing(64 * 1024);
  if (framing.checkHead(bytes.substr(0, head)))
    return 0;
  try {
    std::istringstream in{std::string(bytes.substr(0, head))};
    Poco::Net::HTTPRequest request;
    request.read(in);
  } catch (const Poco::Exception&) {
    // A head Beast took and Poco did not: the server answers 400.
  }
  std::string_view rest = bytes.substr(head);
  std::string pending;
  std::size_t piece = 1;
  try {
    while (framing.hasBody() && !rest.empty()) {
      const std::size_t n = std::min(rest.size(), piece);
      pending.append(rest.substr(0, n));
      rest.remove_prefix(n);
      pending.erase(0, framing.feedBody(pending));
      piece = piece * 7 % 23 + 1;
    }
    framing.takeBody();
  } catch (const HttpError&) {
  }
  return 0;
}
