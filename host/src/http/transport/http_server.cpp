#include "http/transport/http_server.hpp"

#include <Poco/Logger.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "http/transport/request_framing.hpp"

namespace duka::host {

namespace {

constexpr std::uint64_t kListenKey = ~std::uint64_t{0};
constexpr std::uint64_t kWakeKey = ~std::uint64_t{0} - 1;
constexpr std::uint64_t kProbeKey = ~std::uint64_t{0} - 2;
// kBodyReadBatch: how much of a body is received at a time before it is taken; with the
// unfinished chunk line or trailers framing may hold, it bounds what a body leaves pending.
constexpr std::size_t kBodyReadBatch = 64 * 1024;
// kLingerTime: how long a closing connection's late bytes are read and dropped.
constexpr auto kLingerTime = std::chrono::seconds(2);
// kDrainIdle: how long a draining server keeps an idle keep-alive connection for a request
// its client may have sent as the drain began (which it then answers with Connection:
// close), before it closes the connection.
constexpr auto kDrainIdle = std::chrono::milliseconds(250);
// kTimerTick: how often deadlines are checked; timeouts are this much late at most.
constexpr auto kTimerTick = std::chrono::milliseconds(100);
// kAcceptBatch: connections one worker accepts before the listener is armed again.
constexpr int kAcceptBatch = 64;
// kStayForNextRequest: how long a worker that has just answered waits on that connection
// for its next request before handing it back to the epoll set; a busy keep-alive client
// then costs no epoll round trip. Only for a client whose last next request came within
// kQuickClient (else the wait would mostly time out, costing more than it saves), and only
// while kReserveWorkers others wait on the set, so new clients are never kept waiting.
constexpr int kStayForNextRequestMs = 2;
// kRequestsPerTurn: pipelined requests served in a row before the connection goes back to
// the epoll set behind other clients' events.
constexpr int kRequestsPerTurn = 16;
constexpr auto kQuickClient = std::chrono::milliseconds(1);
constexpr int kReserveWorkers = 2;

// AdoptedServerSocket is a listening socket made by someone else (systemd's socket
// activation): Poco takes the descriptor as it is, bound and listening.
class AdoptedServerSocketImpl : public Poco::Net::ServerSocketImpl {
 public:
  explicit AdoptedServerSocketImpl(int fd) { reset(fd); }
};
class AdoptedServerSocket : public Poco::Net::ServerSocket {
 public:
  explicit AdoptedServerSocket(int fd) : ServerSocket(new AdoptedServerSocketImpl(fd), true) {}
};

// requestArrived tells whether an idle connection has bytes of a next request, buffered or
// waiting in the kernel.
bool requestArrived(BufferedSocketImpl& socket) {
  char byte = 0;
  return !socket.pending().empty() ||
         ::recv(socket.sockfd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

Poco::Logger& logger() {
  static Poco::Logger& log = Poco::Logger::get("duka.http");
  return log;
}

}  // namespace

std::uint64_t raiseOpenFilesLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
      limit = raised;
  }
  return limit.rlim_cur;
}

HttpServer::HttpServer(const ServerConfig& config, RequestHandler& handler,
                       const EdgeResponder& edge, const ServingStates& states)
    : config_(config),
      headerTimeoutS_(config.headerTimeoutS),
      requestTimeoutS_(config.requestTimeoutS),
      keepaliveTimeoutS_(config.keepaliveTimeoutS),
      exchange_(handler, edge, static_cast<std::size_t>(config.maxBodyBytes),
                std::chrono::seconds(config.requestTimeoutS)),
      edge_(edge),
      states_(states),
      table_(static_cast<std::size_t>(config.maxConnections),
             static_cast<std::size_t>(config.maxConnectionsPerClient)) {}

HttpServer::~HttpServer() {
  if (started_)
    drain(std::chrono::milliseconds(0));
}

void HttpServer::setLimits(const ServerConfig& config) {
  headerTimeoutS_.store(config.headerTimeoutS, std::memory_order_relaxed);
  requestTimeoutS_.store(config.requestTimeoutS, std::memory_order_relaxed);
  keepaliveTimeoutS_.store(config.keepaliveTimeoutS, std::memory_order_relaxed);
  exchange_.setLimits(static_cast<std::size_t>(config.maxBodyBytes),
                      std::chrono::seconds(config.requestTimeoutS));
  table_.setMaxPerClient(static_cast<std::size_t>(config.maxConnectionsPerClient));
}

void HttpServer::start(int listenFd) {
  if (listenFd >= 0) {
    listener_ = AdoptedServerSocket(listenFd);
  } else {
    try {
      // SO_REUSEADDR (a restart binds at once) but not SO_REUSEPORT, which Poco's
      // two-argument bind also sets: a second server on the same port must fail, not share
      // the traffic.
      listener_.bind(
          Poco::Net::SocketAddress(config_.address, static_cast<Poco::UInt16>(config_.port)), true,
          false);
      listener_.listen(config_.queue);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("cannot listen on " + config_.address + ":" +
                               std::to_string(config_.port) + ": " + e.displayText());
    }
  }
  listener_.setBlocking(false);
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  probe_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || wake_ < 0 || probe_ < 0)
    throw std::runtime_error(std::string("cannot create the event loop: ") + std::strerror(errno));
  epoll_event wake{};
  wake.events = EPOLLIN;  // level-triggered: every worker sees it
  wake.data.u64 = kWakeKey;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &wake);
  arm(listener_.impl()->sockfd(), kListenKey, true, EPOLLIN);
  arm(probe_, kProbeKey, true, EPOLLIN);

  started_ = true;
  for (int i = 0; i < config_.threads; ++i)
    workers_.emplace_back([this] { work(); });
  timer_ = std::thread([this] { expireLoop(); });
}

bool HttpServer::trustedProxy(const Poco::Net::IPAddress& address) const {
  const std::shared_ptr<const ServingState> state = states_.current();
  return state && state->origin.trusted(address);
}

bool HttpServer::workersAnswer() {
  const bool answered = probeAnswered_.exchange(false);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(probe_, &one, sizeof one);
  arm(probe_, kProbeKey, false, EPOLLIN);
  return answered;
}

Poco::UInt16 HttpServer::port() const {
  return started_ ? listener_.address().port() : 0;
}

void HttpServer::arm(int fd, std::uint64_t key, bool add, std::uint32_t events) {
  epoll_event event{};
  event.events = events | EPOLLONESHOT;
  event.data.u64 = key;
  if (::epoll_ctl(epoll_, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event) != 0)
    logger().error("cannot watch a connection: %s", std::string(std::strerror(errno)));
}

void HttpServer::wait(ClientConnection& connection, ConnectionState state,
                      Clock::time_point deadline) {
  const bool add = !connection.watched;
  connection.watched = true;
  // A connection with an answer to send waits for room to send it; reading waits meanwhile
  // (pipelined requests are read after the answer before them has gone), except while a
  // body arrives behind a "100 Continue" still unsent.
  std::uint32_t events = EPOLLIN;
  if (state == ConnectionState::Writing)
    events = EPOLLOUT;
  else if (connection.impl->hasOutput())
    events |= EPOLLOUT;
  table_.park(connection, state, deadline,
              [&] { arm(connection.fd(), connection.key(), add, events); });
}

void HttpServer::work() {
  for (;;) {
    epoll_event event{};
    ++waiting_;
    const int n = ::epoll_wait(epoll_, &event, 1, -1);
    --waiting_;
    if (n < 0 && errno != EINTR) {
      logger().critical("the event loop failed: %s", std::string(std::strerror(errno)));
      return;
    }
    if (n <= 0)
      continue;
    const std::uint64_t key = event.data.u64;
    if (key == kWakeKey)
      return;
    if (key == kProbeKey) {
      std::uint64_t probes = 0;
      [[maybe_unused]] const ssize_t read = ::read(probe_, &probes, sizeof probes);
      probeAnswered_.store(true);
      continue;
    }
    try {
      if (key == kListenKey) {
        accept();
        continue;
      }
      ClientConnection* connection = table_.claim(key);
      if (!connection)
        continue;
      if (connection->waited == ConnectionState::Lingering)
        linger(*connection);
      else if (connection->waited == ConnectionState::Writing)
        write(*connection);
      else
        serve(*connection);
    } catch (const std::exception& e) {
      logger().error("a connection failed: %s", std::string(e.what()));
    }
  }
}

void HttpServer::accept() {
  const int listenFd = listener_.impl()->sockfd();
  for (int i = 0; i < kAcceptBatch && !draining_; ++i) {
    sockaddr_storage peerBuffer{};
    socklen_t peerLength = sizeof peerBuffer;
    const int fd =
        ::accept4(listenFd, reinterpret_cast<sockaddr*>(&peerBuffer), &peerLength, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno == EMFILE || errno == ENFILE) {
        logger().warning("cannot accept a connection: no file descriptor left (%d open)",
                         static_cast<int>(table_.open()));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      break;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    sockaddr_storage localBuffer{};
    socklen_t localLength = sizeof localBuffer;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&localBuffer), &localLength);

    const Poco::Net::SocketAddress peer(reinterpret_cast<sockaddr*>(&peerBuffer), peerLength);
    auto* impl = new BufferedSocketImpl(
        fd, peer, Poco::Net::SocketAddress(reinterpret_cast<sockaddr*>(&localBuffer), localLength));
    Poco::Net::StreamSocket socket(impl);  // owns impl and, through it, fd
    // Trusted proxies carry many clients' connections: they are not capped per address.
    const Poco::Net::IPAddress host = peer.host();
    const std::string client =
        trustedProxy(host) ? std::string()
                           : std::string(static_cast<const char*>(host.addr()), host.length());
    ClientConnection* evicted = nullptr;
    ClientConnection* connection = table_.add(socket, impl, client, evicted);
    if (evicted)
      table_.close(*evicted);
    if (!connection) {
      refuse(std::move(socket), *impl);
      continue;
    }
    const auto now = Clock::now();
    connection->headStarted = now;
    wait(*connection, ConnectionState::Fresh,
         now + std::chrono::seconds(headerTimeoutS_.load(std::memory_order_relaxed)));
  }
  if (!draining_)
    arm(listenFd, kListenKey, false, EPOLLIN);
}

void HttpServer::refuse(Poco::Net::StreamSocket socket, BufferedSocketImpl& impl) {
  // Answered at once, then read and dropped until the client has the answer, so it is not
  // reset away (a bounded number beyond the limit; past those, closed when socket goes).
  edge_.answer(impl, tooManyConnections(), "");
  if (ClientConnection* refused = table_.addRefused(std::move(socket), &impl)) {
    sendAnswer(*refused, true);
    return;
  }
  try {
    impl.sendOutput();
  } catch (const Poco::Exception&) {
  }
}

void HttpServer::serve(ClientConnection& connection) {
  BufferedSocketImpl& socket = *connection.impl;
  if (connection.waited == ConnectionState::Idle)
    connection.quick = Clock::now() - connection.idleSince < kQuickClient;
  bool ended = false;
  try {
    socket.sendOutput();  // a "100 Continue" the client had no room for
    if (!connection.incoming)
      ended = socket.receiveAvailable(kMaxHeadBytes + 1) == 0;
  } catch (const Poco::Exception&) {
    table_.close(connection);
    return;
  }
  process(connection, ended, false);
}

void HttpServer::write(ClientConnection& connection) {
  try {
    if (!connection.impl->sendOutput()) {
      wait(connection, ConnectionState::Writing, connection.deadline);
      return;
    }
  } catch (const Poco::Exception&) {
    table_.close(connection);
    return;
  }
  if (connection.lingerAfterWrite) {
    startLingering(connection);
    return;
  }
  // Answered: what the client sent meanwhile (pipelined requests) is served now.
  bool ended = false;
  try {
    ended = connection.impl->receiveAvailable(kMaxHeadBytes + 1) == 0;
  } catch (const Poco::Exception&) {
    table_.close(connection);
    return;
  }
  process(connection, ended, true);
}

void HttpServer::process(ClientConnection& connection, bool ended, bool served) {
  BufferedSocketImpl& socket = *connection.impl;
  const ConnectionState from = connection.waited;
  for (int turn = 0;; ++turn) {
    if (turn == kRequestsPerTurn && !socket.pending().empty()) {
      // Parked as writing nothing, it is ready again at once, behind other clients.
      connection.lingerAfterWrite = false;
      wait(connection, ConnectionState::Writing,
           Clock::now() + std::chrono::seconds(requestTimeoutS_.load(std::memory_order_relaxed)));
      return;
    }
    if (!connection.incoming) {
      socket.dropPending(blankLinesBefore(socket.pending()));
      const std::string_view pending = socket.pending();
      const std::size_t head = headLength(pending);
      if (head == 0 || head > kMaxHeadBytes) {
        if (pending.size() > kMaxHeadBytes || head > kMaxHeadBytes) {
          edge_.answer(socket,
                       headerFieldsTooLarge("The request head is larger than " +
                                            std::to_string(kMaxHeadBytes) + " bytes."),
                       pending);
          sendAnswer(connection, true);
          return;
        }
        // Draining: a connection that has had its answer closes; one whose first request
        // is still arriving waits for the rest.
        if (ended || (draining_ && served)) {
          table_.close(connection);
          return;
        }
        if (pending.empty() && served && stayForNextRequest(connection, ended))
          continue;
        const auto now = Clock::now();
        if (pending.empty()) {
          socket.releaseMemory();
          // Nothing of a next request yet: a fresh connection keeps its first deadline.
          // Once parked, another worker may have the connection: nothing touches it after
          // wait().
          if (!served && from == ConnectionState::Fresh)
            wait(connection, ConnectionState::Fresh, connection.deadline);
          else {
            connection.idleSince = now;
            wait(connection, ConnectionState::Idle,
                 now + std::chrono::seconds(keepaliveTimeoutS_.load(std::memory_order_relaxed)));
          }
          return;
        }
        // A head's clock starts at its first byte; a new connection's at its accept.
        if (served || from == ConnectionState::Idle)
          connection.headStarted = now;
        wait(connection, ConnectionState::Head,
             connection.headStarted +
                 std::chrono::seconds(headerTimeoutS_.load(std::memory_order_relaxed)));
        return;
      }
      if (!exchange_.begin(connection, head)) {
        sendAnswer(connection, true);
        return;
      }
    }
    if (!readBody(connection))
      return;
    AfterExchange after;
    try {
      after = exchange_.serve(connection, !draining_);
    } catch (const std::exception& e) {
      logger().error("a request failed outside its handler: %s", std::string(e.what()));
      table_.close(connection);
      return;
    }
    served = true;
    ended = false;
    if (!sendAnswer(connection, after == AfterExchange::Linger))
      return;
  }
}

bool HttpServer::readBody(ClientConnection& connection) {
  BufferedSocketImpl& socket = *connection.impl;
  IncomingRequest& incoming = *connection.incoming;
  // Pending holds the head, what framing left of the body (bounded by it) and one batch.
  const std::size_t limit = incoming.headLength + kMaxHeadBytes + kBodyReadBatch;
  for (;;) {
    if (exchange_.take(connection))
      return true;
    long received;
    try {
      received = socket.receiveAvailable(limit);
    } catch (const Poco::Exception&) {
      table_.close(connection);
      return false;
    }
    if (received == 0) {
      RequestExchange::endOfStream(connection);
      return true;
    }
    if (received < 0)
      break;
  }
  try {
    socket.sendOutput();  // "100 Continue"
  } catch (const Poco::Exception&) {
    table_.close(connection);
    return false;
  }
  wait(connection, ConnectionState::Body, incoming.deadline);
  return false;
}

bool HttpServer::sendAnswer(ClientConnection& connection, bool thenLinger) {
  bool sent;
  try {
    sent = connection.impl->sendOutput();
  } catch (const Poco::Exception&) {
    table_.close(connection);
    return false;
  }
  if (!sent) {
    // The client reads slowly: the rest waits with the connection, and the whole answer
    // must be taken within request_timeout_s.
    connection.lingerAfterWrite = thenLinger;
    wait(connection, ConnectionState::Writing,
         Clock::now() + std::chrono::seconds(requestTimeoutS_.load(std::memory_order_relaxed)));
    return false;
  }
  if (thenLinger) {
    startLingering(connection);
    return false;
  }
  return true;
}

bool HttpServer::stayForNextRequest(ClientConnection& connection, bool& ended) {
  if (!connection.quick || waiting_.load(std::memory_order_relaxed) < kReserveWorkers)
    return false;
  pollfd wanted{connection.fd(), POLLIN, 0};
  if (::poll(&wanted, 1, kStayForNextRequestMs) <= 0) {
    connection.quick = false;
    return false;
  }
  try {
    ended = connection.impl->receiveAvailable(kMaxHeadBytes + 1) == 0;
  } catch (const Poco::Exception&) {
    ended = true;
  }
  return true;
}

void HttpServer::startLingering(ClientConnection& connection) {
  ::shutdown(connection.fd(), SHUT_WR);
  connection.impl->dropPending(connection.impl->pending().size());
  connection.impl->releaseMemory();
  wait(connection, ConnectionState::Lingering, Clock::now() + kLingerTime);
}

void HttpServer::linger(ClientConnection& connection) {
  char discard[4096];
  for (int reads = 0; reads < 16; ++reads) {
    const ssize_t n = ::recv(connection.fd(), discard, sizeof discard, MSG_DONTWAIT);
    if (n > 0)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
      break;
    table_.close(connection);  // end of stream or an error: the client has what we sent
    return;
  }
  wait(connection, ConnectionState::Lingering, connection.deadline);
}

void HttpServer::expireLoop() {
  std::unique_lock lock(timerMutex_);
  while (!timerStop_) {
    timerWake_.wait_for(lock, kTimerTick);
    lock.unlock();
    for (ClientConnection* connection : table_.expired(Clock::now())) {
      try {
        expire(*connection);
      } catch (const std::exception& e) {
        logger().error("closing a connection failed: %s", std::string(e.what()));
      }
    }
    lock.lock();
  }
}

void HttpServer::expire(ClientConnection& connection) {
  const ConnectionState state = connection.waited;
  if ((state == ConnectionState::Head || state == ConnectionState::Body) && !draining_) {
    connection.incoming.reset();
    edge_.answer(*connection.impl, requestTimeout(), connection.impl->pending());
    sendAnswer(connection, true);
    return;
  }
  // Fresh or idle past its time, an answer not read in time, or done lingering.
  table_.close(connection);
}

void HttpServer::drain(std::chrono::milliseconds grace) {
  if (!started_)
    return;
  draining_ = true;
  const auto drainStarted = Clock::now();
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, listener_.impl()->sockfd(), nullptr);
  listener_.close();
  const auto until = Clock::now() + grace;
  for (;;) {
    // A connection accepted before the drain carries its first request (Fresh: not yet
    // arrived; Head, Body: arriving), and answers are being read: they get the grace, under
    // their own deadlines, and close after the answer. An idle keep-alive connection (or
    // one done) closes now.
    const auto now = Clock::now();
    for (ClientConnection* connection :
         table_.claimWaiting({ConnectionState::Idle, ConnectionState::Lingering})) {
      // A keep-alive client may be sending its next request just now: one that has arrived
      // is served (with Connection: close); a connection idle since before the drain began
      // stays kDrainIdle for one, then closes.
      if (connection->waited != ConnectionState::Idle)
        table_.close(*connection);
      else if (requestArrived(*connection->impl))
        serve(*connection);
      else if (now - std::max(connection->idleSince, drainStarted) >= kDrainIdle)
        table_.close(*connection);
      else
        wait(*connection, ConnectionState::Idle, connection->deadline);
    }
    if (table_.open() == 0 || Clock::now() >= until)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (table_.open() > 0)
    table_.shutdownClaimed();  // what is still being served fails now

  const std::uint64_t one = 1;
  (void)::write(wake_, &one, sizeof one);
  for (auto& worker : workers_)
    worker.join();
  workers_.clear();
  {
    std::lock_guard lock(timerMutex_);
    timerStop_ = true;
  }
  timerWake_.notify_all();
  timer_.join();
  for (ClientConnection* connection : table_.claimWaiting(
           {ConnectionState::Fresh, ConnectionState::Idle, ConnectionState::Head,
            ConnectionState::Body, ConnectionState::Writing, ConnectionState::Lingering}))
    table_.close(*connection);
  ::close(epoll_);
  ::close(wake_);
  ::close(probe_);
  started_ = false;
}

}  // namespace duka::host
