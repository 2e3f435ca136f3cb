#include "systemd/passed_socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace duka::host {

namespace {

constexpr int kFirstPassedFd = 3;  // SD_LISTEN_FDS_START

}  // namespace

int passedListenSocket() {
  const char* pid = std::getenv("LISTEN_PID");
  const char* fds = std::getenv("LISTEN_FDS");
  const bool ours = pid != nullptr && fds != nullptr && std::to_string(::getpid()) == pid;
  const std::string count = fds != nullptr ? fds : "";
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  ::unsetenv("LISTEN_FDNAMES");
  if (!ours)
    return -1;
  if (count != "1") {
    throw std::runtime_error("the service manager passed " + count +
                             " sockets (LISTEN_FDS); duka serves on one: give duka.socket "
                             "one ListenStream");
  }
  const int fd = kFirstPassedFd;
  int type = 0;
  int listening = 0;
  socklen_t length = sizeof type;
  const bool stream =
      ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_STREAM;
  length = sizeof listening;
  const bool accepting =
      ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening == 1;
  if (!stream || !accepting) {
    throw std::runtime_error(
        "the socket the service manager passed (descriptor 3) is not a listening stream "
        "socket: duka.socket needs ListenStream=");
  }
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

}  // namespace duka::host
