// passedListenSocket: the listening socket the service manager passed (socket activation,
// sd_listen_fds(3)): with duka.socket, `systemctl restart duka` refuses no connection, since
// the kernel queues them on the socket systemd holds while the new process starts.
#pragma once

namespace duka::host {

// passedListenSocket answers the socket passed to this process (LISTEN_PID names it and
// LISTEN_FDS is 1: the socket is descriptor 3), or -1 when none was. It unsets LISTEN_PID,
// LISTEN_FDS and LISTEN_FDNAMES so that no child takes the socket for its own. More than
// one socket, or one that is not a listening TCP socket, throws.
int passedListenSocket();

}  // namespace duka::host
