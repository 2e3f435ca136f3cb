// RequestFraming: where a request head ends, whether the request can be read one way only
// (RFC 9112 §6), and what the head says; then the body, fed to it as it arrives and read
// strictly, within bounds on every byte it holds. Boost.Beast's parser checks the grammar
// and reads the head and the body, and duka adds its own rules
// (docs/design/http-front.md, "Framing").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/dispatch/request_head.hpp"

namespace duka::host {

// kMaxHeadBytes bounds a request head (request line and fields), and a chunked body's
// trailers; beyond it, 431.
constexpr std::size_t kMaxHeadBytes = 16 * 1024;
// kMaxChunkLineBytes bounds one chunk-size line with its extensions; beyond it, 400.
constexpr std::size_t kMaxChunkLineBytes = 4 * 1024;

// headLength answers the length of the request head at the start of bytes, through the
// blank line that ends it, or 0 while the head is incomplete. A head whose lines end in a
// bare LF is complete at its blank line too (and then refused as malformed).
std::size_t headLength(std::string_view bytes);
// blankLinesBefore counts the CRLFs a client may send before a request line (RFC 9112
// §2.2: ignored).
std::size_t blankLinesBefore(std::string_view bytes);

// FramingProblem is a request refused before it is read: the status (400, 431, 505) and why.
struct FramingProblem {
  int status = 400;
  std::string detail;
};

class RequestFraming {
 public:
  explicit RequestFraming(std::size_t maxBodyBytes);
  ~RequestFraming();
  RequestFraming(const RequestFraming&) = delete;
  RequestFraming& operator=(const RequestFraming&) = delete;

  // checkHead reads a complete head; it answers what is wrong with it, if anything.
  std::optional<FramingProblem> checkHead(std::string_view head);
  // takeHead hands over a good head's request line, fields and keep-alive (not the
  // connection's addresses, which the front fills in).
  RequestHead takeHead();

  // After a good head: the body's declared length, whether the client waits for
  // "100 Continue" before sending it, and whether (more of) a body is still to be read.
  std::optional<std::uint64_t> contentLength() const;
  bool expectsContinue() const;
  bool hasBody() const;

  // feedBody offers the bytes that arrived after the head (and after what it took before).
  // It answers how many it took; the rest is either what follows the body (once hasBody()
  // is false) or an unfinished chunk line or trailer section, to be offered again with more
  // bytes behind it. It throws HttpError: 400 for a malformed body or a chunk line longer
  // than kMaxChunkLineBytes, 413 when the body as sent (chunk lines and trailers counted)
  // passes maxBodyBytes, 431 for trailers longer than kMaxHeadBytes or too many fields.
  std::size_t feedBody(std::string_view bytes);
  // takeBody hands over the body read so far (all of it once hasBody() is false).
  std::string takeBody();

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace duka::host
