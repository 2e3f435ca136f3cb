// HostConfig: the host's own sections ([server], [database], [plugins], [log]) declared,
// validated and typed, plus the INI file for the plugins' sections.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/ini_file.hpp"
#include "duka/database.hpp"
#include "duka/settings.hpp"

namespace duka::host {

struct ServerConfig {
  std::string address;
  int port = 8080;
  int threads = 64;
  int queue = 1024;
  int keepaliveTimeoutS = 5;
  std::int64_t maxBodyBytes = 1048576;
  int requestTimeoutS = 30;
  int headerTimeoutS = 10;
  int maxConnections = 10000;
  int maxConnectionsPerClient = 256;
  std::vector<std::string> metricsAllow;    // CIDRs; empty: everyone
  std::string publicUrl;                    // empty: links from the request's Host
  std::vector<std::string> allowedHosts;    // empty: the defaults (RequestOrigin)
  std::vector<std::string> trustedProxies;  // CIDRs
  std::vector<std::string> corsOrigins;     // empty: CORS off
  std::string environment = "development";  // development | production
  int shutdownTimeoutS = 20;
  bool production() const { return environment == "production"; }
};

struct DatabaseConfig {
  std::string backendName = "sqlite";  // as written: sqlite | postgresql
  Backend backend = Backend::Sqlite;
  std::string path;
  std::string connection;  // a secret: may hold a password
  int poolSize = 8;
  std::string sqliteSynchronous = "full";
};

struct PluginsConfig {
  std::string dir;
  std::vector<std::string> enabled;
};

struct LogConfig {
  std::string level = "information";
  bool accessLog = true;
  std::string format = "text";  // text | json
  std::string file;             // empty: standard error
  std::string rotation = "10 M";
  std::string archive = "timestamp";
  int purgeCount = 10;
  bool compress = false;
};

// hostSections names the sections the host owns; every other section belongs to a plugin.
const std::vector<std::string>& hostSections();
// The host's sections, declared once, each key bound to the member it fills.
const Settings<ServerConfig>& serverSettings();
const Settings<DatabaseConfig>& databaseSettings();
const Settings<PluginsConfig>& pluginsSettings();
const Settings<LogConfig>& logSettings();
// defaultPluginDir is <folder of the running executable>/../lib/duka/plugins.
std::string defaultPluginDir();
// dataDir is <folder of the running executable>/../share/duka (the API reference page).
std::string dataDir();

class HostConfig {
 public:
  // load validates the host's sections; it throws ConfigError listing every problem.
  static HostConfig load(IniFile ini);

  const IniFile& ini() const { return ini_; }
  const ServerConfig& server() const { return server_; }
  const DatabaseConfig& database() const { return database_; }
  const PluginsConfig& plugins() const { return plugins_; }
  const LogConfig& log() const { return log_; }
  // pluginSections lists the file's sections that are not the host's.
  std::vector<std::string> pluginSections() const;

 private:
  explicit HostConfig(IniFile ini) : ini_(std::move(ini)) {}

  IniFile ini_;
  ServerConfig server_;
  DatabaseConfig database_;
  PluginsConfig plugins_;
  LogConfig log_;
};

}  // namespace duka::host
