#include "http/transport/buffered_socket_impl.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace duka::host {

BufferedSocketImpl::BufferedSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& peer,
                                       const Poco::Net::SocketAddress& local)
    : Poco::Net::StreamSocketImpl(fd), peer_(peer), local_(local) {}

std::string_view BufferedSocketImpl::pending() const {
  return std::string_view(buffer_).substr(start_);
}

long BufferedSocketImpl::receiveAvailable(std::size_t limit) {
  long total = 0;
  char chunk[4096];
  for (;;) {
    const std::size_t held = buffer_.size() - start_;
    if (held >= limit)
      return total;
    const std::size_t room = std::min(limit - held, sizeof chunk);
    ssize_t n;
    do {
      n = ::recv(sockfd(), chunk, room, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n == 0)
      return total > 0 ? total : 0;
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return total > 0 ? total : -1;
      error();  // throws the exception of errno
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    total += n;
    if (static_cast<std::size_t>(n) < room)
      return total;
  }
}

void BufferedSocketImpl::dropPending(std::size_t n) {
  start_ = std::min(buffer_.size(), start_ + n);
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
}

void BufferedSocketImpl::erasePending(std::size_t offset, std::size_t n) {
  buffer_.erase(start_ + offset, n);
}

void BufferedSocketImpl::releaseMemory() {
  if (start_ == buffer_.size() && buffer_.capacity() > 1024) {
    buffer_.clear();
    buffer_.shrink_to_fit();
    start_ = 0;
  }
  if (!hasOutput() && output_.capacity() > 1024) {
    output_.clear();
    output_.shrink_to_fit();
    sent_ = 0;
  }
}

void BufferedSocketImpl::closeSocket() {
  Poco::Net::StreamSocketImpl::close();
}

bool BufferedSocketImpl::sendOutput() {
  while (sent_ < output_.size()) {
    const ssize_t n = ::send(sockfd(), output_.data() + sent_, output_.size() - sent_,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      sent_ += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return false;
    error();  // throws the exception of errno
  }
  output_.clear();
  sent_ = 0;
  return true;
}

}  // namespace duka::host
