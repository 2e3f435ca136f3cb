// The duka executable's entry point.
#include <sys/stat.h>

#include <csignal>

#include "application.hpp"

int main(int argc, char** argv) {
  // Every file duka creates (the database and its -wal and -shm files, backups, logs) is
  // readable by its owner only: it holds password hashes and customers' phone numbers.
  umask(077);
  // Block the stop and reload signals before any thread starts, so every thread inherits
  // the mask and they reach the main thread's sigwait (a graceful stop, a reload) instead
  // of killing the process.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  sigaddset(&stopSignals, SIGQUIT);
  sigaddset(&stopSignals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  duka::host::DukaApplication app;
  return app.run(argc, argv);
}
