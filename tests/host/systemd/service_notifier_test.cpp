#include "systemd/service_notifier.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <duka/testing/temp_dir.hpp>

#include "systemd/passed_socket.hpp"

namespace duka::host {
namespace {

// Listener is the service manager's datagram socket, at a path or an abstract name ("@...").
class Listener {
 public:
  explicit Listener(const std::string& name) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@')
      address.sun_path[0] = '\0';
    const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), size), 0);
  }
  ~Listener() { ::close(fd_); }
  std::string next() {
    pollfd wait{fd_, POLLIN, 0};
    if (::poll(&wait, 1, 2000) <= 0)
      return "";
    char buffer[512];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }

 private:
  int fd_ = -1;
};

TEST(ServiceNotifier, SendsToAPathAndToAnAbstractName) {
  test::TempDir dir;
  Listener atPath(dir.file("notify"));
  ::setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
  EXPECT_TRUE(notifySystemd("READY=1"));
  EXPECT_EQ(atPath.next(), "READY=1");

  const std::string abstract = "@duka-test-notify-" + std::to_string(::getpid());
  Listener atName(abstract);
  ::setenv("NOTIFY_SOCKET", abstract.c_str(), 1);
  EXPECT_TRUE(notifySystemd("STOPPING=1"));
  EXPECT_EQ(atName.next(), "STOPPING=1");

  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(notifySystemd("READY=1"));  // no service manager
  ::setenv("NOTIFY_SOCKET", "relative/path", 1);
  EXPECT_FALSE(notifySystemd("READY=1"));
  ::unsetenv("NOTIFY_SOCKET");
}

TEST(ServiceNotifier, ReloadingCarriesTheMonotonicTime) {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const std::string state = reloadingState();
  ASSERT_EQ(state.rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u) << state;
  const auto usec = std::stoull(state.substr(state.rfind('=') + 1));
  EXPECT_GE(usec, static_cast<unsigned long long>(now.tv_sec) * 1000000ULL);
}

TEST(ServiceNotifier, TheWatchdogIntervalIsOursOnlyWhenItNamesUs) {
  ::unsetenv("WATCHDOG_PID");
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  EXPECT_EQ(systemdWatchdogInterval(), std::chrono::seconds(30));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  EXPECT_EQ(systemdWatchdogInterval(), std::chrono::seconds(30));
  ::setenv("WATCHDOG_PID", "1", 1);
  EXPECT_EQ(systemdWatchdogInterval().count(), 0);
  ::setenv("WATCHDOG_USEC", "soon", 1);
  ::unsetenv("WATCHDOG_PID");
  EXPECT_EQ(systemdWatchdogInterval().count(), 0);
  ::unsetenv("WATCHDOG_USEC");
  EXPECT_EQ(systemdWatchdogInterval().count(), 0);
}

// withDescriptor3 runs fn with fd as descriptor 3, where systemd puts the first socket.
template <class F>
void withDescriptor3(int fd, F fn) {
  const int saved = ::fcntl(3, F_GETFD) != -1 ? ::dup(3) : -1;
  ::dup2(fd, 3);
  fn();
  if (saved >= 0) {
    ::dup2(saved, 3);
    ::close(saved);
  } else {
    ::close(3);
  }
}

TEST(PassedSocket, TakesOneListeningSocketPassedToThisProcessAndUnsetsTheVariables) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  withDescriptor3(listener, [] {
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDS", "1", 1);
    ::setenv("LISTEN_FDNAMES", "duka.socket", 1);
    EXPECT_EQ(passedListenSocket(), 3);
    EXPECT_EQ(std::getenv("LISTEN_PID"), nullptr);
    EXPECT_EQ(std::getenv("LISTEN_FDS"), nullptr);
    EXPECT_EQ(std::getenv("LISTEN_FDNAMES"), nullptr);
    EXPECT_EQ(passedListenSocket(), -1);  // taken once

    // Sockets passed to another process (our parent's, say) are not ours.
    ::setenv("LISTEN_PID", "1", 1);
    ::setenv("LISTEN_FDS", "1", 1);
    EXPECT_EQ(passedListenSocket(), -1);
    EXPECT_EQ(std::getenv("LISTEN_FDS"), nullptr);

    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDS", "2", 1);
    EXPECT_THROW(passedListenSocket(), std::runtime_error);
  });
  ::close(listener);

  // A descriptor that is not a listening stream socket is refused.
  const int datagram = ::socket(AF_INET, SOCK_DGRAM, 0);
  withDescriptor3(datagram, [] {
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDS", "1", 1);
    EXPECT_THROW(passedListenSocket(), std::runtime_error);
  });
  ::close(datagram);
}

}  // namespace
}  // namespace duka::host
