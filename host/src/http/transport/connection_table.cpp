#include "http/transport/connection_table.hpp"

#include <sys/socket.h>

namespace duka::host {

namespace {

std::size_t indexOf(ConnectionState state) {
  return static_cast<std::size_t>(state);
}

}  // namespace

ConnectionTable::ConnectionTable(std::size_t maxConnections, std::size_t maxPerClient)
    : maxConnections_(maxConnections), maxPerClient_(maxPerClient) {}

void ConnectionTable::setMaxPerClient(std::size_t maxPerClient) {
  std::lock_guard lock(mutex_);
  maxPerClient_ = maxPerClient;
}

ConnectionTable::~ConnectionTable() {
  for (auto& list : waiting_)
    list.clear();
  for (auto& slot : slots_) {
    if (slot)
      slot->impl->closeSocket();
  }
}

ClientConnection* ConnectionTable::add(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl,
                                       const std::string& client, ClientConnection*& evicted) {
  evicted = nullptr;
  std::lock_guard lock(mutex_);
  if (!client.empty()) {
    const auto found = perClient_.find(client);
    if (found != perClient_.end() && found->second >= maxPerClient_)
      return nullptr;
  }
  if (open_ - refused_ >= maxConnections_) {
    // Idle connections go first, then fresh ones that have sent nothing, the longest
    // waiting first: a client holding connections open cannot keep a new one out.
    for (const ConnectionState state : {ConnectionState::Idle, ConnectionState::Fresh}) {
      List& list = waiting_[indexOf(state)];
      if (!list.empty()) {
        evicted = &list.front();
        unlink(*evicted);
        break;
      }
    }
    if (!evicted)
      return nullptr;
  }
  return insert(std::move(socket), impl, client, false);
}

ClientConnection* ConnectionTable::addRefused(Poco::Net::StreamSocket socket,
                                              BufferedSocketImpl* impl) {
  std::lock_guard lock(mutex_);
  if (refused_ >= kRefusalSlots)
    return nullptr;
  return insert(std::move(socket), impl, "", true);
}

ClientConnection* ConnectionTable::insert(Poco::Net::StreamSocket socket, BufferedSocketImpl* impl,
                                          const std::string& client, bool refused) {
  std::uint32_t slot;
  if (free_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    generations_.push_back(0);
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  auto connection = std::make_unique<ClientConnection>(std::move(socket), impl);
  connection->slot = slot;
  connection->generation = ++generations_[slot];
  connection->state = ConnectionState::Claimed;
  connection->refused = refused;
  connection->client = client;
  if (!client.empty())
    ++perClient_[client];
  slots_[slot] = std::move(connection);
  ++open_;
  refused_ += refused ? 1 : 0;
  ++claimed_;
  return slots_[slot].get();
}

ClientConnection* ConnectionTable::claim(std::uint64_t key) {
  const auto slot = static_cast<std::uint32_t>(key >> 32);
  const auto generation = static_cast<std::uint32_t>(key);
  std::lock_guard lock(mutex_);
  if (slot >= slots_.size() || !slots_[slot])
    return nullptr;
  ClientConnection& connection = *slots_[slot];
  if (connection.generation != generation || connection.state == ConnectionState::Claimed)
    return nullptr;
  unlink(connection);
  return &connection;
}

void ConnectionTable::unlink(ClientConnection& connection) {
  waiting_[indexOf(connection.state)].erase(
      waiting_[indexOf(connection.state)].iterator_to(connection));
  connection.waited = connection.state;
  connection.state = ConnectionState::Claimed;
  ++claimed_;
}

void ConnectionTable::park(ClientConnection& connection, ConnectionState state,
                           Clock::time_point deadline, const std::function<void()>& arm) {
  std::lock_guard lock(mutex_);
  connection.state = state;
  connection.deadline = deadline;
  List& list = waiting_[indexOf(state)];
  // Deadlines within a state only grow, except for a head whose clock started earlier:
  // insert from the back in order.
  auto position = list.end();
  while (position != list.begin() && std::prev(position)->deadline > deadline)
    --position;
  list.insert(position, connection);
  --claimed_;
  arm();
}

void ConnectionTable::close(ClientConnection& connection) {
  std::unique_ptr<ClientConnection> owned;
  {
    std::lock_guard lock(mutex_);
    owned = std::move(slots_[connection.slot]);
    free_.push_back(connection.slot);
    --open_;
    refused_ -= owned->refused ? 1 : 0;
    --claimed_;
    if (!owned->client.empty()) {
      const auto found = perClient_.find(owned->client);
      if (--found->second == 0)
        perClient_.erase(found);
    }
  }
  owned->impl->closeSocket();
}

std::vector<ClientConnection*> ConnectionTable::expired(Clock::time_point now) {
  std::vector<ClientConnection*> due;
  std::lock_guard lock(mutex_);
  for (auto& list : waiting_) {
    while (!list.empty() && list.front().deadline <= now) {
      ClientConnection& connection = list.front();
      unlink(connection);
      due.push_back(&connection);
    }
  }
  return due;
}

std::vector<ClientConnection*> ConnectionTable::claimWaiting(
    std::initializer_list<ConnectionState> states) {
  std::vector<ClientConnection*> all;
  std::lock_guard lock(mutex_);
  for (const ConnectionState state : states) {
    List& list = waiting_[indexOf(state)];
    while (!list.empty()) {
      ClientConnection& connection = list.front();
      unlink(connection);
      all.push_back(&connection);
    }
  }
  return all;
}

void ConnectionTable::shutdownClaimed() {
  std::lock_guard lock(mutex_);
  for (auto& slot : slots_) {
    if (slot && slot->state == ConnectionState::Claimed)
      ::shutdown(slot->fd(), SHUT_RDWR);
  }
}

std::size_t ConnectionTable::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionTable::claimed() const {
  std::lock_guard lock(mutex_);
  return claimed_;
}

}  // namespace duka::host
