#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <duka/testing/child_process.hpp>
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

}  // namespace

pid_t spawnProcess(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::string& outputFile,
                   const std::string& inputFile) {
  std::vector<std::string> argv = args;
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
  const int rc = posix_spawnp(&pid, argvp[0], &actions, nullptr, argvp.data(), envpp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error("cannot start " + args.at(0) + ": " + std::strerror(rc));
  return pid;
}

int exitStatusOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env) {
  pid_ = spawnProcess(argv, env, dir_.file("output"), "");
}

ChildProcess::~ChildProcess() {
  stop();
}

std::string ChildProcess::output() const {
  return readFile(dir_.file("output"));
}

std::string ChildProcess::waitForOutput(const std::string& marker, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = output();
    const auto at = text.find(marker);
    if (at != std::string::npos) {
      const auto start = at + marker.size();
      const auto end = text.find('\n', start);
      if (end != std::string::npos)
        return text.substr(start, end - start);
    }
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the process ended before printing '" + marker + "':\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("timed out waiting for '" + marker + "':\n" + output());
}

void ChildProcess::stop() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::pair<int, std::string> runProcess(const std::vector<std::string>& argv,
                                       const std::map<std::string, std::string>& env) {
  TempDir dir;
  const pid_t pid = spawnProcess(argv, env, dir.file("output"), "");
  int status = 0;
  waitpid(pid, &status, 0);
  return {exitStatusOf(status), readFile(dir.file("output"))};
}

}  // namespace duka::test
