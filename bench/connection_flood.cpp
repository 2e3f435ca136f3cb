// bench_connections: many idle or slow client connections against a server, and the
// latency a new client sees meanwhile (docs/design/http-front.md, bench/README.md).
//
//   bench_connections PORT PID idle N PROBES
//     opens N keep-alive connections, each answered once and then left idle; reports the
//     server's RSS before and after (bytes per idle connection), then PROBES new clients'
//     GET /health latency (connect, request, answer), then asks 100 of the idle
//     connections again.
//   bench_connections PORT PID slow N PROBES SECONDS
//     opens N connections that send a request head one byte per second, measures PROBES
//     new clients' GET /health meanwhile, and keeps dribbling for SECONDS: reports how many
//     of the slow connections the server closed (it should close all by header_timeout_s).
//
// One JSON object on standard output.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kHealth = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    ::close(fd);
    return -1;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

bool sendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// answered reads one response to GET /health (its body is 15 bytes) within 5 s.
bool answered(int fd) {
  std::string got;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  char buffer[4096];
  while (Clock::now() < deadline) {
    pollfd wanted{fd, POLLIN, 0};
    if (::poll(&wanted, 1, 100) <= 0)
      continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0)
      return false;
    got.append(buffer, static_cast<std::size_t>(n));
    const auto head = got.find("\r\n\r\n");
    if (head != std::string::npos && got.size() >= head + 4 + 15)
      return got.compare(0, 12, "HTTP/1.1 200") == 0;
  }
  return false;
}

long rssKb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  }
  return -1;
}

// probe: PROBES new clients, one after another; answers {p50, p99, failures} in ms.
struct ProbeResult {
  double p50 = 0, p99 = 0;
  int failures = 0;
};
ProbeResult probe(int port, int probes) {
  std::vector<double> ms;
  ProbeResult result;
  for (int i = 0; i < probes; ++i) {
    const auto start = Clock::now();
    const int fd = connectTo(port);
    const bool ok = fd >= 0 && sendAll(fd, kHealth) && answered(fd);
    if (fd >= 0)
      ::close(fd);
    if (!ok) {
      ++result.failures;
      continue;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!ms.empty()) {
    std::sort(ms.begin(), ms.end());
    result.p50 = ms[ms.size() / 2];
    result.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  }
  return result;
}

int idle(int port, int pid, int count, int probes) {
  const long before = rssKb(pid);
  std::vector<int> open;
  int refused = 0;
  for (int i = 0; i < count; ++i) {
    const int fd = connectTo(port);
    if (fd < 0 || !sendAll(fd, kHealth) || !answered(fd)) {
      ++refused;
      if (fd >= 0)
        ::close(fd);
      continue;
    }
    open.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const long after = rssKb(pid);
  const ProbeResult result = probe(port, probes);
  int stillServed = 0;
  for (std::size_t i = 0; i < open.size(); i += std::max<std::size_t>(1, open.size() / 100))
    stillServed += sendAll(open[i], kHealth) && answered(open[i]);
  std::printf(
      "{\"mode\":\"idle\",\"connections\":%zu,\"refused\":%d,\"rss_before_kb\":%ld,"
      "\"rss_after_kb\":%ld,\"bytes_per_connection\":%.0f,\"probe_p50_ms\":%.3f,"
      "\"probe_p99_ms\":%.3f,\"probe_failures\":%d,\"idle_asked_again\":%d}\n",
      open.size(), refused, before, after,
      open.empty() ? 0.0 : (after - before) * 1024.0 / static_cast<double>(open.size()), result.p50,
      result.p99, result.failures, stillServed);
  for (int fd : open)
    ::close(fd);
  return 0;
}

int slow(int port, int count, int probes, int seconds) {
  const std::string head =
      "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  std::vector<int> fds;
  for (int i = 0; i < count; ++i) {
    const int fd = connectTo(port);
    if (fd >= 0)
      fds.push_back(fd);
  }
  const auto start = Clock::now();
  std::vector<bool> closed(fds.size(), false);
  std::vector<std::size_t> sent(fds.size(), 0);
  std::atomic<bool> stop{false};
  // One byte per connection per second, from a thread of its own.
  std::thread dribbler([&] {
    while (!stop) {
      const auto round = Clock::now();
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if (closed[i])
          continue;
        const char byte = head[std::min(sent[i], head.size() - 1)];
        if (::send(fds[i], &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
          ++sent[i];
        char discard[512];
        const ssize_t n = ::recv(fds[i], discard, sizeof discard, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
          closed[i] = true;
      }
      std::this_thread::sleep_until(round + std::chrono::seconds(1));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const ProbeResult result = probe(port, probes);
  std::this_thread::sleep_until(start + std::chrono::seconds(seconds));
  stop = true;
  dribbler.join();
  const auto closedCount = std::count(closed.begin(), closed.end(), true);
  std::printf(
      "{\"mode\":\"slow\",\"connections\":%zu,\"probe_p50_ms\":%.3f,\"probe_p99_ms\":%.3f,"
      "\"probe_failures\":%d,\"closed_by_server\":%ld,\"seconds\":%d}\n",
      fds.size(), result.p50, result.p99, result.failures, static_cast<long>(closedCount), seconds);
  for (int fd : fds)
    ::close(fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  if (argc >= 6 && std::strcmp(argv[3], "idle") == 0)
    return idle(std::stoi(argv[1]), std::stoi(argv[2]), std::stoi(argv[4]), std::stoi(argv[5]));
  if (argc >= 7 && std::strcmp(argv[3], "slow") == 0)
    return slow(std::stoi(argv[1]), std::stoi(argv[4]), std::stoi(argv[5]), std::stoi(argv[6]));
  std::cerr << "usage: bench_connections PORT PID idle N PROBES\n"
               "       bench_connections PORT PID slow N PROBES SECONDS\n";
  return 2;
}
