// DukaProcess: the real `duka` binary started on an ephemeral port, with its output kept
// in a file, stopped with SIGTERM (or killed) by the test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <duka/testing/temp_dir.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace duka::test {

// dukaBinary is the duka the kit starts: $DUKA_BINARY, else the one the kit was built with.
std::string dukaBinary();

struct RunResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr together
};

// runDuka runs duka to completion (for --check, --migrate, ...), feeding stdinText.
RunResult runDuka(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {},
                  const std::string& stdinText = "");

// serverIni is a configuration for tests: port 0, the given [database] section, plugins
// from dir, access log off. extra is appended verbatim (plugin sections).
std::string serverIni(const std::string& databaseSection, const std::string& dir,
                      const std::string& enabled, const std::string& extra = "");

class DukaProcess {
 public:
  // start writes ini to a file, starts duka and waits until it listens; if duka exits
  // first, it throws with duka's output.
  static std::unique_ptr<DukaProcess> start(const std::string& ini,
                                            const std::map<std::string, std::string>& env = {});
  // ~DukaProcess stops duka as production does (SIGTERM), and kills it only when it has
  // not exited within 10 s.
  ~DukaProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // configPath is the file duka reads. reload writes ini over it and sends SIGHUP, as
  // `systemctl reload duka` does; duka logs "reloaded" or "reload ... refused" when done.
  const std::string& configPath() const { return configPath_; }
  void reload(const std::string& ini);
  // stop sends SIGTERM and returns the exit status (or -1 when killed by a signal).
  int stop();
  // kill sends SIGKILL and reaps.
  void kill();
  std::string output() const;
  // residentKib is duka's resident memory now (VmRSS, KiB), and openFiles its open file
  // descriptors: for tests that a fault leaves memory and descriptors bounded.
  std::size_t residentKib() const;
  std::size_t openFiles() const;
  // waitForOutput waits up to timeout for text to appear in the output (logs are written
  // in batches).
  bool waitForOutput(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) const;

 private:
  DukaProcess() = default;
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string configPath_;
};

}  // namespace duka::test
