#include "config/restart_only.hpp"

namespace duka::host {

std::vector<std::string> restartOnlyChanges(const HostConfig& started, const HostConfig& next) {
  std::vector<std::string> changed;
  const auto check = [&](const char* section, const char* key, const auto& was, const auto& is) {
    if (!(was == is))
      changed.push_back(std::string("[") + section + "] " + key);
  };
  const ServerConfig& s = started.server();
  const ServerConfig& n = next.server();
  check("server", "address", s.address, n.address);
  check("server", "port", s.port, n.port);
  check("server", "threads", s.threads, n.threads);
  check("server", "queue", s.queue, n.queue);
  check("server", "max_connections", s.maxConnections, n.maxConnections);
  const DatabaseConfig& sd = started.database();
  const DatabaseConfig& nd = next.database();
  check("database", "backend", sd.backendName, nd.backendName);
  check("database", "path", sd.path, nd.path);
  check("database", "connection", sd.connection, nd.connection);
  check("database", "pool_size", sd.poolSize, nd.poolSize);
  check("database", "sqlite_synchronous", sd.sqliteSynchronous, nd.sqliteSynchronous);
  const LogConfig& sl = started.log();
  const LogConfig& nl = next.log();
  check("log", "format", sl.format, nl.format);
  check("log", "file", sl.file, nl.file);
  check("log", "rotation", sl.rotation, nl.rotation);
  check("log", "archive", sl.archive, nl.archive);
  check("log", "purge_count", sl.purgeCount, nl.purgeCount);
  check("log", "compress", sl.compress, nl.compress);
  return changed;
}

}  // namespace duka::host
