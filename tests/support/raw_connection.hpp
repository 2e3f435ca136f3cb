// RawConnection: a TCP connection that sends exactly the bytes a test gives it, for
// requests no HTTP client library would send (malformed framing, slow heads, pipelining),
// optionally from another loopback source address (127.0.0.2, ...).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace duka::test {

// kHealthRequest is a whole GET /health request, the smallest a test can send.
inline constexpr const char* kHealthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

struct RawResponse {
  int status = 0;  // 0: the connection closed (or timed out) before a whole response came
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  std::string header(const std::string& name) const;
};

class RawConnection {
 public:
  using Millis = std::chrono::milliseconds;

  // receiveBuffer, when set, shrinks the socket's receive buffer (SO_RCVBUF) to about that
  // many bytes before connecting: a slow reader.
  explicit RawConnection(int port, const std::string& sourceAddress = "", int receiveBuffer = 0);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // send writes all of bytes; false when the server has closed or reset the connection.
  bool send(std::string_view bytes);
  // read answers the next response (Content-Length framed; none for a HEAD request when
  // headOnly), or status 0 when the connection ends or timeout passes first.
  RawResponse read(Millis timeout = Millis(5000), bool headOnly = false);
  // closedWithin is true when the server closes the connection before timeout; bytes that
  // arrive meanwhile go to received().
  bool closedWithin(Millis timeout);
  // received is what arrived and was not yet read as a response.
  const std::string& received() const { return buffer_; }

 private:
  enum class Received { Bytes, End, Nothing };
  // receive reads once into buffer_, waiting at most until deadline: Bytes, the End of the
  // stream (or a reset), or Nothing by the deadline.
  Received receive(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

}  // namespace duka::test
