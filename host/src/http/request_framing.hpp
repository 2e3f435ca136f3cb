// RequestFraming: where a request head ends, and whether the request can be read one way
// only (RFC 9112 §6), checked before Poco parses the head; then the body, read strictly.
// Poco's parser is lenient (it skips malformed header lines, unfolds obs-fold, ends a body
// at a malformed chunk size), so Boost.Beast's parser checks the grammar and reads the
// body, and duka adds its own rules (docs/design/http-front.md, "Framing").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace duka::host {

// kMaxHeadBytes bounds a request head (request line and fields); beyond it, 431.
constexpr std::size_t kMaxHeadBytes = 16 * 1024;

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

  // After a good head: the body's declared length, whether it is chunked, and whether
  // there is a body to read at all.
  std::optional<std::uint64_t> contentLength() const;
  bool chunked() const;
  bool hasBody() const;

  // ReadSome reads at least one byte into buffer (at most length), 0 at end of stream; it
  // throws on a timeout or a socket error.
  using ReadSome = std::function<int(char* buffer, int length)>;
  // readBody reads the body with read. A malformed body throws HttpError 400, one larger than
  // maxBodyBytes 413, one cut short 400. Bytes read past the body's end go to leftover.
  std::string readBody(const ReadSome& read, std::string& leftover);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace duka::host
