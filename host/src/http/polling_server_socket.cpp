#include "http/polling_server_socket.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Timestamp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace duka::host {

namespace {

// PollingStreamSocketImpl is an accepted connection; only poll() differs from Poco's.
class PollingStreamSocketImpl : public Poco::Net::StreamSocketImpl {
 public:
  explicit PollingStreamSocketImpl(poco_socket_t sockfd) : Poco::Net::StreamSocketImpl(sockfd) {}

  // poll answers as Poco's does: true when the socket is ready for one of the modes (or has
  // an error or hang-up to report), false when the timeout passed first.
  bool poll(const Poco::Timespan& timeout, int mode) override {
    const poco_socket_t fd = sockfd();
    if (fd == POCO_INVALID_SOCKET)
      throw Poco::Net::InvalidSocketException();
    pollfd watched{};
    watched.fd = fd;
    if (mode & SELECT_READ)
      watched.events |= POLLIN;
    if (mode & SELECT_WRITE)
      watched.events |= POLLOUT;
    if (mode & SELECT_ERROR)
      watched.events |= POLLERR;
    Poco::Timespan remaining(timeout);
    int rc;
    for (;;) {
      const Poco::Timestamp start;
      rc = ::poll(&watched, 1, static_cast<int>(remaining.totalMilliseconds()));
      if (rc >= 0 || errno != EINTR)
        break;
      const Poco::Timespan waited(start.elapsed());
      remaining = waited < remaining ? remaining - waited : Poco::Timespan(0);
    }
    if (rc < 0)
      error();
    return rc > 0;
  }
};

// PollingServerSocketImpl accepts connections as Poco's SocketImpl does, as
// PollingStreamSocketImpls.
class PollingServerSocketImpl : public Poco::Net::ServerSocketImpl {
 public:
  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& clientAddr) override {
    if (sockfd() == POCO_INVALID_SOCKET)
      throw Poco::Net::InvalidSocketException();
    sockaddr_storage buffer{};
    auto* address = reinterpret_cast<sockaddr*>(&buffer);
    socklen_t length = sizeof buffer;
    poco_socket_t accepted;
    do {
      length = sizeof buffer;
      accepted = ::accept(sockfd(), address, &length);
    } while (accepted == POCO_INVALID_SOCKET && errno == EINTR);
    if (accepted == POCO_INVALID_SOCKET)
      error();  // throws the exception that matches errno
    clientAddr = Poco::Net::SocketAddress(address, length);
    return new PollingStreamSocketImpl(accepted);
  }
};

}  // namespace

PollingServerSocket::PollingServerSocket() : ServerSocket(new PollingServerSocketImpl, true) {}

}  // namespace duka::host
