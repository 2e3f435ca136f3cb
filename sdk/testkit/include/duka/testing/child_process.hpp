// ChildProcess: a helper program a test starts (duka, a fake provider in Node, ...), with
// its standard output and error kept in a file, killed when the test is done with it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <duka/testing/temp_dir.hpp>
#include <map>
#include <string>
#include <vector>

namespace duka::test {

// spawnProcess starts argv[0] (looked up in PATH when it has no slash) with the extra
// environment, stdout and stderr to outputFile, stdin from inputFile (or /dev/null).
pid_t spawnProcess(const std::vector<std::string>& argv,
                   const std::map<std::string, std::string>& env, const std::string& outputFile,
                   const std::string& inputFile);

// exitStatusOf turns a waitpid status into an exit code (-1 when killed by a signal).
int exitStatusOf(int status);

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // waitForOutput waits until the output contains marker and returns the rest of that
  // line; it throws with the output when the process ends or the time runs out first.
  std::string waitForOutput(const std::string& marker,
                            std::chrono::seconds timeout = std::chrono::seconds(30));
  std::string output() const;
  // stop sends SIGTERM and waits; the destructor does it too.
  void stop();

 private:
  TempDir dir_;
  pid_t pid_ = -1;
};

// runProcess runs argv to completion and returns its exit code and output.
std::pair<int, std::string> runProcess(const std::vector<std::string>& argv,
                                       const std::map<std::string, std::string>& env = {});

}  // namespace duka::test
