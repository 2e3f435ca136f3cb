#include "config/host_config.hpp"

#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/Util/Application.h>

#include <algorithm>
#include <filesystem>

#include "config/config_error.hpp"
#include "config/section_validator.hpp"

namespace duka::host {

const std::vector<std::string>& hostSections() {
  static const std::vector<std::string> sections{"server", "database", "plugins", "log"};
  return sections;
}

std::vector<Setting> hostSettings(const std::string& section) {
  if (section == "server") {
    return {
        Setting::text("address", "127.0.0.1", "bind address"),
        Setting::integer("port", 8080, 0, 65535, "TCP port; 0 picks a free one and logs it"),
        Setting::integer("threads", 64, 1, 4096,
                         "worker threads; Poco holds one per keep-alive connection, so this bounds "
                         "the clients served at once"),
        Setting::integer("queue", 1024, 1, 65535, "accepted connections waiting for a worker"),
        Setting::integer("keepalive_timeout_s", 5, 1, 3600,
                         "idle seconds before a keep-alive connection closes"),
        Setting::integer("max_body_bytes", 1048576, 1, 1073741824, "larger request bodies get 413"),
        Setting::integer("request_timeout_s", 30, 1, 3600,
                         "seconds to wait for a request to arrive"),
    };
  }
  if (section == "database") {
    return {
        Setting::choice("backend", "sqlite", {"sqlite", "postgresql"}, "sqlite | postgresql"),
        Setting::text("path", "var/duka.db", "sqlite file (created with its folder)"),
        Setting::text("connection", "", "postgresql: libpq connection string").asSecret(),
        Setting::integer("pool_size", 8, 1, 512, "database connections kept open"),
        Setting::choice("sqlite_synchronous", "full", {"full", "normal"},
                        "full: an answered write survives power loss; normal: survives a crash of "
                        "duka, faster"),
    };
  }
  if (section == "plugins") {
    return {
        Setting::text("dir", defaultPluginDir(), "folder holding lib<name>.so plugins"),
        Setting::list("enabled", "auth, customers, inventory, orders, audit, sms",
                      "plugins to load, comma-separated"),
    };
  }
  if (section == "log") {
    return {
        Setting::choice(
            "level", "information",
            {"fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"},
            "lowest level logged"),
        Setting::boolean("access_log", true, "one line per request on logger http.access"),
    };
  }
  return {};
}

std::string defaultPluginDir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    return "lib/duka/plugins";
  return (exe.parent_path().parent_path() / "lib" / "duka" / "plugins").lexically_normal().string();
}

HostConfig HostConfig::load(IniFile ini) {
  HostConfig config(std::move(ini));
  std::vector<std::string> errors;
  const IniFile& file = config.ini_;

  const Settings server = validateSection(file, "server", hostSettings("server"), errors);
  const Settings database = validateSection(file, "database", hostSettings("database"), errors);
  const Settings plugins = validateSection(file, "plugins", hostSettings("plugins"), errors);
  const Settings log = validateSection(file, "log", hostSettings("log"), errors);
  if (!errors.empty())
    throw ConfigError(errors);

  auto& s = config.server_;
  s.address = Poco::trim(server.string("address"));
  s.port = static_cast<int>(server.integer("port"));
  s.threads = static_cast<int>(server.integer("threads"));
  s.queue = static_cast<int>(server.integer("queue"));
  s.keepaliveTimeoutS = static_cast<int>(server.integer("keepalive_timeout_s"));
  s.maxBodyBytes = static_cast<std::size_t>(server.integer("max_body_bytes"));
  s.requestTimeoutS = static_cast<int>(server.integer("request_timeout_s"));

  auto& d = config.database_;
  d.backend = database.string("backend") == "postgresql" ? Backend::Postgresql : Backend::Sqlite;
  d.path = Poco::trim(database.string("path"));
  d.connection = Poco::trim(database.string("connection"));
  d.poolSize = static_cast<int>(database.integer("pool_size"));
  d.sqliteSynchronous = database.string("sqlite_synchronous");
  if (d.backend == Backend::Postgresql && d.connection.empty()) {
    errors.push_back(file.fileName() +
                     ": [database] connection: is required when backend = postgresql");
  }
  if (d.backend == Backend::Sqlite && d.path.empty()) {
    errors.push_back(file.fileName() + ": [database] path: is required when backend = sqlite");
  }

  config.plugins_.dir = Poco::trim(plugins.string("dir"));
  config.plugins_.enabled = plugins.list("enabled");
  std::vector<std::string> seen;
  for (const auto& name : config.plugins_.enabled) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      errors.push_back(file.fileName() + ": [plugins] enabled: '" + name + "' is listed twice");
    }
    seen.push_back(name);
  }

  config.log_.level = log.string("level");
  config.log_.accessLog = log.boolean("access_log");
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
