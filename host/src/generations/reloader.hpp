// Reloader: what SIGHUP does (`systemctl reload duka`). It reads and checks the INI file as
// `--check` does, builds the next generation from it, and switches to it; anything wrong
// leaves the running generation serving and is logged naming file, section and key.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "config/host_config.hpp"
#include "duka_runtime.hpp"
#include "http/transport/http_server.hpp"

namespace duka::host {

class Reloader {
 public:
  // started is the configuration duka started with: keys that apply only at a restart are
  // compared with it. The counters duka_config_reloads_total{outcome} and the gauge
  // duka_config_generation are registered in runtime's metrics.
  Reloader(std::string configPath, HostConfig started, DukaRuntime& runtime, HttpServer& server);

  // reload answers true when the new configuration is in force.
  bool reload();

 private:
  std::string path_;
  HostConfig started_;
  DukaRuntime& runtime_;
  HttpServer& server_;
  std::atomic<std::uint64_t>& applied_;
  std::atomic<std::uint64_t>& failed_;
  Poco::Logger& log_;
};

}  // namespace duka::host
