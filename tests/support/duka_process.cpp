#include "support/duka_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace duka::test {

namespace {

std::vector<std::string> environmentWith(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (!extra.count(name))
      env.push_back(entry);
  }
  for (const auto& [name, value] : extra)
    env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// spawn starts duka with output to outputFile and stdin from inputFile (or /dev/null).
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& outputFile, const std::string& inputFile) {
  std::vector<std::string> argv{dukaBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envp = environmentWith(env);
  auto argvp = pointers(argv);
  auto envpp = pointers(envp);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, inputFile.empty() ? "/dev/null" : inputFile.c_str(),
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, outputFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argvp[0], &actions, nullptr, argvp.data(), envpp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error(std::string("cannot start duka: ") + std::strerror(rc));
  return pid;
}

int exitStatus(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::string dukaBinary() {
  return DUKA_TEST_BINARY;
}
std::string pluginDir() {
  return DUKA_TEST_PLUGIN_DIR;
}
std::string testPluginDir() {
  return DUKA_TEST_ODD_PLUGIN_DIR;
}
std::string sourceDir() {
  return DUKA_TEST_SOURCE_DIR;
}

RunResult runDuka(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, const std::string& stdinText) {
  TempDir dir;
  const std::string input = stdinText.empty() ? "" : dir.write("stdin", stdinText);
  const pid_t pid = spawn(args, env, dir.file("output"), input);
  int status = 0;
  waitpid(pid, &status, 0);
  return {exitStatus(status), readFile(dir.file("output"))};
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
  const std::string config = process->dir_.write("duka.ini", ini);
  process->pid_ = spawn({"--config=" + config}, env, process->dir_.file("output"), "");

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
      throw std::runtime_error("duka exited (" + std::to_string(exitStatus(status)) +
                               ") before listening:\n" + process->output());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("duka did not listen within 30 s:\n" + process->output());
}

DukaProcess::~DukaProcess() {
  if (pid_ > 0)
    kill();
}

int DukaProcess::stop() {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return exitStatus(status);
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

}  // namespace duka::test
