// process_metrics: the process's own figures in Prometheus' standard names (what its client
// libraries export), and duka_build_info, for GET /metrics.
#pragma once

#include <string>

namespace duka::host {

// appendProcessMetrics writes process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds, read from /proc/self at the scrape (what systemd's
// ProcSubset=pid leaves visible).
void appendProcessMetrics(std::string& out);

// appendBuildInfo writes duka_build_info{version,sdk,abi} 1.
void appendBuildInfo(std::string& out);

}  // namespace duka::host
