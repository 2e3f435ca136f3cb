#include "support/raw_connection.hpp"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <stdexcept>

namespace duka::test {

std::string RawResponse::header(const std::string& name) const {
  const auto it = headers.find(Poco::toLower(name));
  return it == headers.end() ? "" : it->second;
}

RawConnection::RawConnection(int port, const std::string& sourceAddress, int receiveBuffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0)
    throw std::runtime_error("socket() failed");
  if (receiveBuffer > 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
  if (!sourceAddress.empty()) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, sourceAddress.c_str(), &source.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0)
      throw std::runtime_error("cannot bind to " + sourceAddress);
  }
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0)
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
}

RawConnection::~RawConnection() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

RawConnection::Received RawConnection::receive(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0)
    return Received::Nothing;
  pollfd wanted{fd_, POLLIN, 0};
  if (::poll(&wanted, 1, static_cast<int>(left)) <= 0)
    return Received::Nothing;
  char chunk[16384];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0)
    return Received::End;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return Received::Bytes;
}

RawResponse RawConnection::read(Millis timeout, bool headOnly) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t headEnd;
  while ((headEnd = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (receive(deadline) != Received::Bytes)
      return {};
  }
  RawResponse response;
  std::istringstream head(buffer_.substr(0, headEnd + 4));
  Poco::Net::HTTPResponse parsed;
  parsed.read(head);
  response.status = parsed.getStatus();
  for (const auto& [name, value] : parsed)
    response.headers[Poco::toLower(name)] = value;
  std::size_t length = 0;
  if (!headOnly && parsed.hasContentLength())
    length = static_cast<std::size_t>(parsed.getContentLength64());
  while (buffer_.size() < headEnd + 4 + length) {
    if (receive(deadline) != Received::Bytes)
      return {};
  }
  response.body = buffer_.substr(headEnd + 4, length);
  buffer_.erase(0, headEnd + 4 + length);
  return response;
}

bool RawConnection::closedWithin(Millis timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Received received;
  while ((received = receive(deadline)) == Received::Bytes) {
  }
  return received == Received::End;
}

}  // namespace duka::test
