#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <duka/testing/child_process.hpp>
#include <duka/testing/duka_process.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace duka::test {

namespace {

// spawn starts duka with output to outputFile and stdin from inputFile (or /dev/null).
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& outputFile, const std::string& inputFile) {
  std::vector<std::string> argv{dukaBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  // Passwords hashed with a test suite's count (a production duka ignores it): the tests
  // register and log in often, and 210,000 iterations each would dominate them.
  std::map<std::string, std::string> withTestCount = env;
  if (!std::getenv("DUKA_TEST_PASSWORD_ITERATIONS"))
    withTestCount.emplace("DUKA_TEST_PASSWORD_ITERATIONS", "1000");
  return spawnProcess(argv, withTestCount, outputFile, inputFile);
}

}  // namespace

std::string dukaBinary() {
  const char* chosen = std::getenv("DUKA_BINARY");
  return chosen && *chosen ? chosen : DUKA_TESTKIT_BINARY;
}

RunResult runDuka(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, const std::string& stdinText) {
  TempDir dir;
  const std::string input = stdinText.empty() ? "" : dir.write("stdin", stdinText);
  const pid_t pid = spawn(args, env, dir.file("output"), input);
  int status = 0;
  waitpid(pid, &status, 0);
  return {exitStatusOf(status), readFile(dir.file("output"))};
}

std::string serverIni(const std::string& databaseSection, const std::string& dir,
                      const std::string& enabled, const std::string& extra) {
  return "[server]\naddress = 127.0.0.1\nport = 0\n\n" + databaseSection +
         "\n[plugins]\ndir = " + dir + "\nenabled = " + enabled +
         "\n\n[log]\naccess_log = false\n\n" + extra;
}

std::unique_ptr<DukaProcess> DukaProcess::start(const std::string& ini,
                                                const std::map<std::string, std::string>& env) {
  std::unique_ptr<DukaProcess> process(new DukaProcess);
  process->configPath_ = process->dir_.write("duka.ini", ini);
  process->pid_ =
      spawn({"--config=" + process->configPath_}, env, process->dir_.file("output"), "");

  const std::string marker = "duka listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string output = process->output();
    const auto at = output.find(marker);
    if (at != std::string::npos) {
      process->port_ = std::stoi(output.substr(at + marker.size()));
      return process;
    }
    int status = 0;
    if (waitpid(process->pid_, &status, WNOHANG) == process->pid_) {
      process->pid_ = -1;
      throw std::runtime_error("duka exited (" + std::to_string(exitStatusOf(status)) +
                               ") before listening:\n" + process->output());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("duka did not listen within 30 s:\n" + process->output());
}

DukaProcess::~DukaProcess() {
  if (pid_ <= 0)
    return;
  // A stop as in production (SIGTERM: drain, stop the plugins, exit 0), so every test also
  // runs the shutdown path and a coverage build writes the process's counters; SIGKILL only
  // for a process that has not stopped within 10 s.
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
}

void DukaProcess::reload(const std::string& ini) {
  // Written beside and renamed over: duka never reads half a file.
  const std::string next = dir_.write("duka.ini.next", ini);
  if (std::rename(next.c_str(), configPath_.c_str()) != 0)
    throw std::runtime_error("cannot replace " + configPath_ + ": " + std::strerror(errno));
  ::kill(pid_, SIGHUP);
}

int DukaProcess::stop() {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return exitStatusOf(status);
}

void DukaProcess::kill() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string DukaProcess::output() const {
  return readFile(dir_.file("output"));
}

bool DukaProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (output().find(text) != std::string::npos)
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::size_t DukaProcess::residentKib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoul(line.substr(6));
  }
  return 0;
}

std::size_t DukaProcess::openFiles() const {
  std::error_code error;
  std::size_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid_) + "/fd", error), end;
       !error && it != end; it.increment(error))
    ++count;
  return count;
}

}  // namespace duka::test
