#include "config/host_config.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <Poco/Util/Application.h>

#include <algorithm>
#include <filesystem>

#include "config/config_error.hpp"
#include "config/section_validator.hpp"
#include "http/dispatch/request_origin.hpp"

namespace duka::host {

const std::vector<std::string>& hostSections() {
  static const std::vector<std::string> sections{"server", "database", "plugins", "log"};
  return sections;
}

const Settings<ServerConfig>& serverSettings() {
  using S = ServerConfig;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::text("address", "127.0.0.1", "bind address"), &S::address)
          .bind(
              Setting::integer("port", 8080, 0, 65535, "TCP port; 0 picks a free one and logs it"),
              &S::port)
          .bind(Setting::integer("threads", 64, 1, 4096,
                                 "worker threads: requests served at once (idle and slow "
                                 "connections hold none)"),
                &S::threads)
          .bind(
              Setting::integer("queue", 1024, 1, 65535,
                               "connections the kernel holds for duka to accept (listen backlog)"),
              &S::queue)
          .bind(Setting::integer("keepalive_timeout_s", 5, 1, 3600,
                                 "idle seconds before a keep-alive connection closes"),
                &S::keepaliveTimeoutS)
          .bind(Setting::integer("max_body_bytes", 1048576, 1, 1073741824,
                                 "larger request bodies get 413"),
                &S::maxBodyBytes)
          .bind(Setting::integer("request_timeout_s", 30, 1, 3600,
                                 "seconds for a request's body to arrive after its head (else "
                                 "408), and for the client to read the whole answer (else the "
                                 "connection closes)"),
                &S::requestTimeoutS)
          .bind(Setting::integer("header_timeout_s", 10, 1, 3600,
                                 "seconds for a whole request head to arrive (else 408)"),
                &S::headerTimeoutS)
          .bind(Setting::integer("max_connections", 10000, 1, 1000000,
                                 "open client connections, idle ones included; at the limit "
                                 "the longest idle one is closed for a new one, else 503"),
                &S::maxConnections)
          .bind(Setting::integer("max_connections_per_client", 256, 1, 1000000,
                                 "open connections from one client address (trusted proxies "
                                 "exempt); beyond, 503"),
                &S::maxConnectionsPerClient)
          .bind(Setting::list("metrics_allow", "",
                              "CIDRs that may read /metrics (others get 404); empty: everyone"),
                &S::metricsAllow)
          .bind(Setting::text("public_url", "",
                              "e.g. https://shop.example.com: absolute links (next, previous, "
                              "Location) are built from it"),
                &S::publicUrl)
          .bind(Setting::list("allowed_hosts", "",
                              "Host values accepted when public_url is empty (default: localhost, "
                              "127.0.0.1, [::1] and the bind address; .example.com: the domain "
                              "and its subdomains; *: any); another Host gets 400"),
                &S::allowedHosts)
          .bind(Setting::list("trusted_proxies", "",
                              "CIDRs whose X-Forwarded-For / X-Forwarded-Proto are believed"),
                &S::trustedProxies)
          .bind(Setting::list("cors_origins", "",
                              "origins allowed cross-origin, e.g. https://shop.example.com (*: "
                              "any, without credentials); empty: CORS off"),
                &S::corsOrigins)
          .bind(Setting::choice("environment", "development", {"development", "production"},
                                "production: refuse to start on a setting a production server "
                                "needs (an empty token secret), a non-loopback address without "
                                "public_url, or a database file readable by others"),
                &S::environment)
          .bind(Setting::integer("shutdown_timeout_s", 20, 0, 3600,
                                 "SIGTERM: requests in flight get this long to finish"),
                &S::shutdownTimeoutS);
  return settings;
}

const Settings<DatabaseConfig>& databaseSettings() {
  using D = DatabaseConfig;
  static const Settings<D> settings =
      Settings<D>()
          .bind(
              Setting::choice("backend", "sqlite", {"sqlite", "postgresql"}, "sqlite | postgresql"),
              &D::backendName)
          .bind(Setting::text("path", "var/duka.db", "sqlite file (created with its folder)"),
                &D::path)
          .bind(Setting::text("connection", "", "postgresql: libpq connection string").asSecret(),
                &D::connection)
          .bind(Setting::integer("pool_size", 8, 1, 512, "database connections kept open"),
                &D::poolSize)
          .bind(Setting::choice("sqlite_synchronous", "full", {"full", "normal"},
                                "full: an answered write survives power loss; normal: survives a "
                                "crash of duka, faster"),
                &D::sqliteSynchronous);
  return settings;
}

const Settings<PluginsConfig>& pluginsSettings() {
  static const Settings<PluginsConfig> settings =
      Settings<PluginsConfig>()
          .bind(Setting::text("dir", defaultPluginDir(), "folder holding lib<name>.so plugins"),
                &PluginsConfig::dir)
          .bind(Setting::list("enabled", "auth, customers, inventory, orders, audit, sms",
                              "plugins to load, comma-separated"),
                &PluginsConfig::enabled);
  return settings;
}

const Settings<LogConfig>& logSettings() {
  static const Settings<LogConfig> settings =
      Settings<LogConfig>()
          .bind(Setting::choice("level", "information",
                                {"fatal", "critical", "error", "warning", "notice", "information",
                                 "debug", "trace"},
                                "lowest level logged"),
                &LogConfig::level)
          .bind(Setting::boolean("access_log", true, "one line per request on logger http.access"),
                &LogConfig::accessLog)
          .bind(Setting::choice("format", "text", {"text", "json"},
                                "text: one line per message; json: one object per line"),
                &LogConfig::format)
          .bind(Setting::text("file", "",
                              "write to this file instead of standard error (rotated as below)"),
                &LogConfig::file)
          .bind(Setting::text("rotation", "10 M",
                              "with file: when the file is rotated, in Poco FileChannel's terms: "
                              "a size (10 M, 500 K), an interval (daily, weekly, 1 hours), a "
                              "time (12:00), or never"),
                &LogConfig::rotation)
          .bind(Setting::choice("archive", "timestamp", {"timestamp", "number"},
                                "with file: how rotated files are named (duka.log.20261129... "
                                "or duka.log.0, .1, ...)"),
                &LogConfig::archive)
          .bind(Setting::integer("purge_count", 10, 0, 100000,
                                 "with file: rotated files kept (0: all)"),
                &LogConfig::purgeCount)
          .bind(Setting::boolean("compress", false, "with file: gzip rotated files"),
                &LogConfig::compress);
  return settings;
}

namespace {

// installed is a folder of the install (or build) tree the running executable is in:
// <its folder>/../relative, or relative itself when /proc cannot say.
std::string installed(const std::filesystem::path& relative) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    return relative.string();
  return (exe.parent_path().parent_path() / relative).lexically_normal().string();
}

}  // namespace

std::string defaultPluginDir() {
  return installed("lib/duka/plugins");
}

std::string dataDir() {
  return installed("share/duka");
}

namespace {

bool isLoopbackAddress(const std::string& address) {
  if (Poco::toLower(address) == "localhost")
    return true;
  Poco::Net::IPAddress ip;
  return Poco::Net::IPAddress::tryParse(address, ip) && ip.isLoopback();
}

// checkServerOrigins checks the [server] values that name URLs and addresses.
void checkServerOrigins(const IniFile& file, const ServerConfig& server,
                        std::vector<std::string>& errors) {
  const std::string where = file.fileName() + ": [server] ";
  if (server.production() && server.publicUrl.empty() && !isLoopbackAddress(server.address)) {
    errors.push_back(where + "address: '" + server.address +
                     "' is not a loopback address and public_url is empty: in production, "
                     "set public_url to the URL clients use (or bind 127.0.0.1 behind a proxy)");
  }
  if (!server.publicUrl.empty()) {
    bool valid = false;
    try {
      const Poco::URI uri(server.publicUrl);
      valid = (uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty() &&
              uri.getQuery().empty() && uri.getFragment().empty() && uri.getUserInfo().empty();
    } catch (const Poco::Exception&) {
    }
    if (!valid) {
      errors.push_back(where +
                       "public_url: must be an http or https URL such as https://shop.example.com");
    }
  }
  for (const auto& proxy : server.trustedProxies) {
    if (!AddressRange::parse(proxy)) {
      errors.push_back(where + "trusted_proxies: '" + proxy +
                       "' is not an address or CIDR block (e.g. 10.0.0.0/8)");
    }
  }
  for (const auto& range : server.metricsAllow) {
    if (!AddressRange::parse(range)) {
      errors.push_back(where + "metrics_allow: '" + range +
                       "' is not an address or CIDR block (e.g. 10.0.0.0/8)");
    }
  }
  for (const auto& origin : server.corsOrigins) {
    if (origin == "*")
      continue;
    bool valid = false;
    try {
      const Poco::URI uri(origin);
      valid = (uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty() &&
              (uri.getPath().empty() || uri.getPath() == "/") && uri.getQuery().empty();
    } catch (const Poco::Exception&) {
    }
    if (!valid) {
      errors.push_back(where + "cors_origins: '" + origin +
                       "' is not an origin such as https://shop.example.com");
    }
  }
}

}  // namespace

HostConfig HostConfig::load(IniFile ini) {
  HostConfig config(std::move(ini));
  std::vector<std::string> errors;
  const IniFile& file = config.ini_;

  const IniSection server = validateSection(file, "server", serverSettings().declared(), errors);
  const IniSection database =
      validateSection(file, "database", databaseSettings().declared(), errors);
  const IniSection plugins = validateSection(file, "plugins", pluginsSettings().declared(), errors);
  const IniSection log = validateSection(file, "log", logSettings().declared(), errors);
  if (!errors.empty())
    throw ConfigError(errors);

  auto& s = config.server_;
  s = serverSettings().read(server);
  s.address = Poco::trim(s.address);
  s.publicUrl = Poco::trim(s.publicUrl);
  checkServerOrigins(file, s, errors);

  auto& d = config.database_;
  d = databaseSettings().read(database);
  d.backend = d.backendName == "postgresql" ? Backend::Postgresql : Backend::Sqlite;
  d.path = Poco::trim(d.path);
  d.connection = Poco::trim(d.connection);
  if (d.backend == Backend::Postgresql && d.connection.empty()) {
    errors.push_back(file.fileName() +
                     ": [database] connection: is required when backend = postgresql");
  }
  if (d.backend == Backend::Sqlite && d.path.empty()) {
    errors.push_back(file.fileName() + ": [database] path: is required when backend = sqlite");
  }

  config.plugins_ = pluginsSettings().read(plugins);
  config.plugins_.dir = Poco::trim(config.plugins_.dir);
  std::vector<std::string> seen;
  for (const auto& name : config.plugins_.enabled) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      errors.push_back(file.fileName() + ": [plugins] enabled: '" + name + "' is listed twice");
    }
    seen.push_back(name);
  }

  config.log_ = logSettings().read(log);
  if (!errors.empty())
    throw ConfigError(errors);
  return config;
}

std::vector<std::string> HostConfig::pluginSections() const {
  std::vector<std::string> sections;
  for (const auto& section : ini_.sections()) {
    const auto& host = hostSections();
    if (std::find(host.begin(), host.end(), Poco::toLower(section)) == host.end()) {
      sections.push_back(section);
    }
  }
  return sections;
}

}  // namespace duka::host
