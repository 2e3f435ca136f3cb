// PollingServerSocket: Poco's listening socket whose accepted connections wait for data
// with one poll(2) call. Poco 1.11's SocketImpl::poll makes, arms, waits on and closes an
// epoll instance on every call: four system calls for each keep-alive request, where
// poll(2) needs one (docs/design/foundation.md, "Waiting for the next request").
#pragma once

#include <Poco/Net/ServerSocket.h>

namespace duka::host {

class PollingServerSocket : public Poco::Net::ServerSocket {
 public:
  PollingServerSocket();
};

}  // namespace duka::host
