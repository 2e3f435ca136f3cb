// BufferedSocketImpl: an accepted client socket as Poco's HTTP classes see it. Reads serve
// the bytes the front has already received for the connection, and never wait; writes go
// to the connection's output, which the front sends as the client takes it, so no thread
// waits on a slow reader. The fd lives as long as the connection: Poco's sessions "close"
// it after every request, which does nothing here.
#pragma once

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <chrono>
#include <string>
#include <string_view>

namespace duka::host {

class BufferedSocketImpl : public Poco::Net::StreamSocketImpl {
 public:
  using Clock = std::chrono::steady_clock;

  BufferedSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& peer,
                     const Poco::Net::SocketAddress& local);

  // pending is what was received and not yet read by Poco.
  std::string_view pending() const;
  // receiveAvailable appends what the kernel holds, without waiting, up to limit bytes
  // pending in all. It answers the bytes read, 0 at end of stream, -1 when nothing is there
  // yet; a socket error throws Poco::Net::NetException.
  long receiveAvailable(std::size_t limit);
  // dropPending forgets the first n pending bytes (leading blank lines).
  void dropPending(std::size_t n);
  // erasePending forgets n pending bytes from offset on (a body, read after its head).
  void erasePending(std::size_t offset, std::size_t n);
  // unread puts bytes back in front of what is pending: what Poco read past a request.
  void unread(std::string_view bytes);
  // releaseMemory frees the pending and output buffers' storage when they are empty.
  void releaseMemory();

  // output is what was written and not yet sent; queue adds to it (as Poco's writes do).
  bool hasOutput() const { return sent_ < output_.size(); }
  void queue(std::string_view bytes) { output_.append(bytes); }
  // sendOutput sends what the socket takes without waiting; true when nothing is left. A
  // socket error (the client is gone) throws Poco::Net::NetException.
  bool sendOutput();
  // closeSocket closes the fd for good (close() is a no-op, see above).
  void closeSocket();

  // receiveBytes serves pending bytes only: 0 (end of stream) when there are none.
  int receiveBytes(void* buffer, int length, int flags = 0) override;
  int sendBytes(const void* buffer, int length, int flags = 0) override;
  void close() override {}
  void setReceiveTimeout(const Poco::Timespan&) override {}
  Poco::Net::SocketAddress peerAddress() override { return peer_; }
  Poco::Net::SocketAddress address() override { return local_; }

 private:
  std::string buffer_;
  std::size_t start_ = 0;  // buffer_[start_, size) is pending
  std::string output_;
  std::size_t sent_ = 0;  // output_[sent_, size) is still to send
  Poco::Net::SocketAddress peer_;
  Poco::Net::SocketAddress local_;
};

}  // namespace duka::host
