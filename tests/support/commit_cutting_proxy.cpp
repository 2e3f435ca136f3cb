#include "support/commit_cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>

namespace duka::test {

namespace {

sockaddr_in addressOf(const std::string& host, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  return address;
}

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0)
      return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

CommitCuttingProxy::CommitCuttingProxy(const std::string& host, int port)
    : host_(host), upstream_(port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = addressOf("127.0.0.1", 0);
  socklen_t length = sizeof address;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("the proxy cannot listen");
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept(); });
}

CommitCuttingProxy::~CommitCuttingProxy() {
  stopping_ = true;
  acceptor_.join();
  for (auto& relay : relays_)
    relay.join();
  ::close(listener_);
}

void CommitCuttingProxy::arm(Cut cut, const std::string& marker) {
  std::lock_guard lock(mutex_);
  armed_ = true;
  cut_ = cut;
  marker_ = marker;
  fired_ = false;
}

std::string CommitCuttingProxy::through(const std::string& conninfo) const {
  return std::regex_replace(conninfo, std::regex("port=[0-9]+"), "port=" + std::to_string(port_));
}

void CommitCuttingProxy::accept() {
  while (!stopping_) {
    pollfd waiting{listener_, POLLIN, 0};
    if (::poll(&waiting, 1, 100) <= 0)
      continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0)
      continue;
    if (refusing_) {
      ::close(client);
      continue;
    }
    relays_.emplace_back([this, client] { relay(client); });
  }
}

bool CommitCuttingProxy::shouldCut(const std::string& bytes, Cut& cut) {
  std::lock_guard lock(mutex_);
  if (!armed_ || bytes.find(marker_) == std::string::npos ||
      bytes.find("COMMIT") == std::string::npos)
    return false;
  armed_ = false;
  cut = cut_;
  return true;
}

void CommitCuttingProxy::relay(int client) {
  const int server = ::socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in address = addressOf(host_, upstream_);
  if (::connect(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(server);
    ::close(client);
    return;
  }
  pollfd ends[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  std::string bytes(64 * 1024, '\0');
  while (!stopping_) {
    if (::poll(ends, 2, 100) <= 0)
      continue;
    if (ends[0].revents != 0) {
      const ssize_t got = ::recv(client, bytes.data(), bytes.size(), 0);
      if (got <= 0)
        break;
      const std::string chunk(bytes.data(), static_cast<std::size_t>(got));
      Cut cut = Cut::AfterCommit;
      if (shouldCut(chunk, cut)) {
        if (cut == Cut::AfterCommit) {
          // The COMMIT reaches the server, which commits; its answer is dropped.
          sendAll(server, chunk.data(), chunk.size());
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        fired_ = true;
        break;
      }
      if (!sendAll(server, chunk.data(), chunk.size()))
        break;
    }
    if (ends[1].revents != 0) {
      const ssize_t got = ::recv(server, bytes.data(), bytes.size(), 0);
      if (got <= 0 || !sendAll(client, bytes.data(), static_cast<std::size_t>(got)))
        break;
    }
  }
  ::close(server);
  ::close(client);
}

}  // namespace duka::test
