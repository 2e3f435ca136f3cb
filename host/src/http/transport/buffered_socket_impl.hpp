// BufferedSocketImpl: an accepted client socket with the bytes received and not yet read
// (pending) and the bytes written and not yet sent (output). Reads and sends never wait:
// the front reads what has arrived, and sends what the client takes, so no thread waits on
// a slow reader. It keeps the connection's two addresses, read once at accept.
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

  // pending is what was received and not yet read.
  std::string_view pending() const;
  // receiveAvailable appends what the kernel holds, without waiting, up to limit bytes
  // pending in all. It answers the bytes read, 0 at end of stream, -1 when nothing is there
  // yet; a socket error throws Poco::Net::NetException.
  long receiveAvailable(std::size_t limit);
  // dropPending forgets the first n pending bytes (blank lines before a head, a head served).
  void dropPending(std::size_t n);
  // erasePending forgets n pending bytes from offset on (a body, read after its head).
  void erasePending(std::size_t offset, std::size_t n);
  // releaseMemory frees the pending and output buffers' storage when they are empty.
  void releaseMemory();

  // output is what was written and not yet sent; queue adds to it, as does appending to
  // output() (an answer written in place).
  bool hasOutput() const { return sent_ < output_.size(); }
  void queue(std::string_view bytes) { output_.append(bytes); }
  std::string& output() { return output_; }
  // sendOutput sends what the socket takes without waiting; true when nothing is left. A
  // socket error (the client is gone) throws Poco::Net::NetException.
  bool sendOutput();
  // closeSocket closes the fd.
  void closeSocket();

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
