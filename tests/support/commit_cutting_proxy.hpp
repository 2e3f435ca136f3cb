// CommitCuttingProxy: a TCP proxy on 127.0.0.1 in front of PostgreSQL that cuts one
// connection at its COMMIT, as a restart or a network fault would: the COMMIT passed on and
// its answer lost (the transaction committed, duka heard nothing), or the COMMIT lost (the
// server rolls the transaction back). It can also turn new connections away, so that duka
// cannot ask how the COMMIT ended.
//
// The connection cut is the first whose client sends the marker (an Idempotency-Key, which
// goes out with the request's COMMIT) in the same write as a COMMIT.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace duka::test {

class CommitCuttingProxy {
 public:
  enum class Cut { AfterCommit, BeforeCommit };

  CommitCuttingProxy(const std::string& host, int port);
  ~CommitCuttingProxy();
  CommitCuttingProxy(const CommitCuttingProxy&) = delete;
  CommitCuttingProxy& operator=(const CommitCuttingProxy&) = delete;

  int port() const { return port_; }
  // arm cuts the next connection that sends marker with a COMMIT.
  void arm(Cut cut, const std::string& marker);
  bool fired() const { return fired_; }
  // refuse closes new connections at once while on.
  void refuse(bool on) { refusing_ = on; }
  // through rewrites a libpq connection string's port to the proxy's.
  std::string through(const std::string& conninfo) const;

 private:
  void accept();
  void relay(int client);
  // shouldCut tells whether bytes from a client carry the armed marker with a COMMIT.
  bool shouldCut(const std::string& bytes, Cut& cut);

  std::string host_;
  int upstream_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> refusing_{false};
  std::atomic<bool> fired_{false};
  std::mutex mutex_;
  bool armed_ = false;
  Cut cut_ = Cut::AfterCommit;
  std::string marker_;
  std::thread acceptor_;
  std::vector<std::thread> relays_;
};

}  // namespace duka::test
