// Request framing and the head parser: where a head ends, duka's checks of it (RFC 9112),
// the head a good one hands over, then the body fed in pieces of changing sizes, as the
// event loop feeds it. A problem must be an answer (FramingProblem, HttpError), never a
// crash, a leak or a read past the bytes.
#include <cstdint>
#include <duka/http.hpp>
#include <stdexcept>

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
  // What the handler reads: a request line and fields within the head's bounds.
  const RequestHead taken = framing.takeHead();
  if (taken.method.empty() || taken.method.size() + taken.target.size() > head)
    throw std::logic_error("a head that passed its checks has no method, or more than was sent");
  return 0;
}
