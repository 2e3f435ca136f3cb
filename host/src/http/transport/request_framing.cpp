#include "http/transport/request_framing.hpp"

#include <Poco/Ascii.h>

#include <algorithm>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <limits>

#include "duka/http.hpp"
#include "host_api.hpp"
#include "http/transport/edge_responder.hpp"

namespace duka::host {

namespace http = boost::beast::http;

namespace {

// Bounds on a head's fields: past them, 431.
constexpr int kMaxFields = 100;
constexpr std::size_t kMaxFieldNameBytes = 256;
constexpr std::size_t kMaxFieldValueBytes = 8192;
// kMaxMethodBytes bounds the method: a longer one is no method duka serves (400).
constexpr std::size_t kMaxMethodBytes = 32;

// fieldLineProblem applies duka's rules to one field line of a head that Beast accepted.
std::optional<FramingProblem> fieldLineProblem(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t')
    return FramingProblem{400, "Folded header lines (obs-fold) are not accepted."};
  const auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return FramingProblem{400, "A header line has no colon."};
  const std::string_view name = line.substr(0, colon);
  if (sameFieldName(name, "Content-Length")) {
    // Beast takes a list of equal lengths ("31, 31") as one; duka wants one number (RFC
    // 9110 §8.6 lets a recipient refuse the list).
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
      value.remove_suffix(1);
    if (value.empty() || !std::all_of(value.begin(), value.end(), Poco::Ascii::isDigit))
      return FramingProblem{400, "Content-Length must be one decimal number."};
  }
  if (sameFieldName(name, "Transfer-Encoding")) {
    const std::string_view value = line.substr(colon + 1);
    if (!sameFieldName(value, " chunked") && !sameFieldName(value, "chunked")) {
      return FramingProblem{
          400, "Transfer-Encoding is accepted only as exactly \"Transfer-Encoding: chunked\"."};
    }
  }
  return std::nullopt;
}

}  // namespace

std::size_t headLength(std::string_view bytes) {
  for (std::size_t at = bytes.find('\n'); at != std::string_view::npos;
       at = bytes.find('\n', at + 1)) {
    if (at + 1 < bytes.size() && bytes[at + 1] == '\n')
      return at + 2;
    if (at + 2 < bytes.size() && bytes[at + 1] == '\r' && bytes[at + 2] == '\n')
      return at + 3;
  }
  return 0;
}

std::size_t blankLinesBefore(std::string_view bytes) {
  std::size_t n = 0;
  while (bytes.substr(n, 2) == "\r\n")
    n += 2;
  return n;
}

// RequestFraming::Parser is Beast's parser keeping the head (request line and fields, not
// the trailers), what framing checks of it (the version, how many Host fields came, whether
// the fields stay within bounds) and the body.
struct RequestFraming::Parser : http::basic_parser<true> {
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  RequestHead head;
  bool headDone = false;
  int version = 0;
  bool asciiTarget = true;  // the request target is visible ASCII, as RFC 3986 writes it
  int hosts = 0;
  int fields = 0;  // the head's and the trailers'
  bool expectContinue = false;
  std::string body;
  std::size_t maxBodyBytes = 0;
  std::size_t taken = 0;  // bytes of the body as sent, framing included

  void on_request_impl(http::verb, string_view method, string_view target, int v,
                       error_code&) override {
    version = v;
    head.method.assign(method.data(), method.size());
    head.target.assign(target.data(), target.size());
    asciiTarget = std::all_of(target.begin(), target.end(), [](char c) {
      return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(http::field name, string_view nameText, string_view value,
                     error_code& ec) override {
    hosts += name == http::field::host;
    expectContinue =
        expectContinue || (name == http::field::expect &&
                           sameFieldName({value.data(), value.size()}, "100-continue"));
    if (++fields > kMaxFields || nameText.size() >= kMaxFieldNameBytes ||
        value.size() >= kMaxFieldValueBytes) {
      ec = http::error::header_limit;
      return;
    }
    if (!headDone)
      head.fields.emplace_back(std::string(nameText.data(), nameText.size()),
                               std::string(value.data(), value.size()));
  }
  void on_header_impl(error_code&) override { headDone = true; }
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view data, error_code& ec) override { return keep(data, ec); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code& ec) override {
    return keep(data, ec);
  }
  void on_finish_impl(error_code&) override {}

  std::size_t keep(string_view data, error_code& ec) {
    if (body.size() + data.size() > maxBodyBytes) {
      ec = http::error::body_limit;
      return 0;
    }
    body.append(data.data(), data.size());
    return data.size();
  }
};

RequestFraming::RequestFraming(std::size_t maxBodyBytes) : parser_(std::make_unique<Parser>()) {
  parser_->header_limit(static_cast<std::uint32_t>(kMaxHeadBytes + 4));
  // The limit is kept by Parser::keep, not by Beast: Beast refuses a large Content-Length
  // while reading the head, and duka answers that 413 through the handler like any other.
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  parser_->eager(true);
  parser_->maxBodyBytes = maxBodyBytes;
}

RequestFraming::~RequestFraming() = default;

std::optional<FramingProblem> RequestFraming::checkHead(std::string_view head) {
  auto& beast = *parser_;
  boost::beast::error_code ec;
  beast.put(boost::asio::const_buffer(head.data(), head.size()), ec);
  if (ec == http::error::bad_content_length)
    return FramingProblem{400,
                          "Content-Length is malformed, repeated with another value, or "
                          "sent with Transfer-Encoding."};
  if (ec == http::error::bad_version &&
      head.substr(0, head.find('\n')).find(" HTTP/1.") == std::string_view::npos) {
    return FramingProblem{505, "Only HTTP/1.1 and HTTP/1.0 are served."};
  }
  if (ec == http::error::bad_transfer_encoding)
    return FramingProblem{400, "Transfer-Encoding is malformed or sent with Content-Length."};
  if (ec == http::error::header_limit)
    return FramingProblem{431, "The request has too many header fields, or one too large."};
  if (ec || !beast.is_header_done())
    return FramingProblem{400, "The request head is malformed (" + ec.message() + ")."};

  if (beast.version != 11 && beast.version != 10)
    return FramingProblem{505, "Only HTTP/1.1 and HTTP/1.0 are served."};
  if (beast.head.method.size() > kMaxMethodBytes)
    return FramingProblem{
        400, "The request method is longer than " + std::to_string(kMaxMethodBytes) + " bytes."};
  if (!beast.asciiTarget)
    return FramingProblem{400, "The request target must be ASCII (percent-encode the rest)."};
  if (beast.hosts > 1)
    return FramingProblem{400, "The request has more than one Host."};
  if (beast.hosts == 0 && beast.version == 11)
    return FramingProblem{400, "An HTTP/1.1 request must name its Host."};
  // Field lines: from after the request line to before the blank line. Every
  // Transfer-Encoding line is checked here (Beast already refuses a second chunked one).
  std::string_view rest = head.substr(head.find('\n') + 1);
  while (!rest.empty() && rest.front() != '\r' && rest.front() != '\n') {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (auto problem = fieldLineProblem(line))
      return problem;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

RequestHead RequestFraming::takeHead() {
  RequestHead head = std::move(parser_->head);
  head.version = parser_->version == 10 ? "HTTP/1.0" : "HTTP/1.1";
  head.keepAlive = parser_->keep_alive();
  return head;
}

std::optional<std::uint64_t> RequestFraming::contentLength() const {
  const auto length = parser_->content_length();
  return length ? std::optional<std::uint64_t>(*length) : std::nullopt;
}

bool RequestFraming::hasBody() const {
  return !parser_->is_done();
}

bool RequestFraming::expectsContinue() const {
  return parser_->expectContinue && parser_->version == 11;
}

std::size_t RequestFraming::feedBody(std::string_view bytes) {
  auto& beast = *parser_;
  std::size_t used = 0;
  while (!beast.is_done() && used < bytes.size()) {
    boost::beast::error_code ec;
    const std::size_t n =
        beast.put(boost::asio::const_buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == http::error::need_more || (!ec && n == 0))
      break;
    if (ec == http::error::body_limit)
      throw payloadTooLarge(beast.maxBodyBytes);
    if (ec == http::error::header_limit)
      throw headerFieldsTooLarge("The request's trailers have too many fields, or one too large.");
    if (ec)
      throw badRequest("The request body is malformed (" + ec.message() + ").");
  }
  beast.taken += used;
  if (beast.is_done()) {
    if (beast.taken > beast.maxBodyBytes)
      throw payloadTooLarge(beast.maxBodyBytes);
    return used;
  }
  // What Beast left is an unfinished chunk line (after the CRLF that ends the chunk before
  // it) or, once the last chunk's line is whole, the trailers so far. Both count as sent.
  std::string_view rest = bytes.substr(used);
  if (beast.taken + rest.size() > beast.maxBodyBytes)
    throw payloadTooLarge(beast.maxBodyBytes);
  if (rest.substr(0, 2) == "\r\n")
    rest.remove_prefix(2);
  const auto lineEnd = rest.find('\n');
  if (lineEnd == std::string_view::npos ? rest.size() > kMaxChunkLineBytes
                                        : lineEnd >= kMaxChunkLineBytes) {
    throw badRequest("A chunk line is longer than " + std::to_string(kMaxChunkLineBytes) +
                     " bytes.");
  }
  if (rest.size() > kMaxHeadBytes)
    throw headerFieldsTooLarge("The request's trailers are larger than " +
                               std::to_string(kMaxHeadBytes) + " bytes.");
  return used;
}

std::string RequestFraming::takeBody() {
  return std::move(parser_->body);
}

}  // namespace duka::host
