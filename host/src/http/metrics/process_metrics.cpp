#include "http/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "duka/abi.hpp"

namespace duka::host {

namespace {

void appendMetric(std::string& out, const char* name, const char* type, const char* help,
                  double value) {
  std::ostringstream line;
  line.precision(15);
  line << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
       << name << " " << value << "\n";
  out += line.str();
}

// statFields are the fields of /proc/self/stat after the command name (field 3 onwards).
std::vector<std::string> statFields() {
  std::ifstream in("/proc/self/stat");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto end = text.rfind(')');  // the command name may hold blanks and parentheses
  std::istringstream rest(end == std::string::npos ? "" : text.substr(end + 1));
  return {std::istream_iterator<std::string>(rest), std::istream_iterator<std::string>()};
}

// startTime is the wall clock as the process loaded (before main), in seconds since the
// epoch: no need for /proc/stat's boot time, which systemd's ProcSubset=pid hides.
const double startTime =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

}  // namespace

void appendProcessMetrics(std::string& out) {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double pageSize = static_cast<double>(sysconf(_SC_PAGESIZE));
  const std::vector<std::string> stat = statFields();
  // Counting from field 3 (state) at index 0: utime 14, stime 15, vsize 23, rss 24.
  if (stat.size() > 21) {
    appendMetric(out, "process_cpu_seconds_total", "counter",
                 "Total user and system CPU time spent in seconds.",
                 (std::stod(stat[11]) + std::stod(stat[12])) / ticks);
    appendMetric(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
                 std::stod(stat[20]));
    appendMetric(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                 std::stod(stat[21]) * pageSize);
  }
  appendMetric(out, "process_start_time_seconds", "gauge",
               "Start time of the process since unix epoch in seconds.", startTime);
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++fds;
  appendMetric(out, "process_open_fds", "gauge", "Number of open file descriptors.", fds);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    appendMetric(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                 static_cast<double>(limit.rlim_cur));
  }
}

void appendBuildInfo(std::string& out) {
  out += "# HELP duka_build_info duka's version, the SDK's and the SDK ABI; always 1.\n";
  out += "# TYPE duka_build_info gauge\n";
  out += "duka_build_info{version=\"" DUKA_VERSION "\",sdk=\"" DUKA_SDK_VERSION "\",abi=\"";
  out += std::to_string(DUKA_SDK_ABI_VERSION);
  out += "\"} 1\n";
}

}  // namespace duka::host
