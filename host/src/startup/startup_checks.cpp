#include "startup/startup_checks.hpp"

#include <Poco/Logger.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "config/config_error.hpp"
#include "config/nearest_name.hpp"
#include "config/section_validator.hpp"
#include "db/migrator.hpp"
#include "db/sql_database.hpp"
#include "duka_runtime.hpp"
#include "plugins/plugin_graph.hpp"

namespace duka::host {

namespace {

// didYouMean is " (did you mean 'customers'?)" for the installed name nearest to name.
std::string didYouMean(const std::string& name, const std::vector<std::string>& installed) {
  const auto nearest = nearestName(name, installed);
  return nearest ? " (did you mean '" + *nearest + "'?)" : "";
}

}  // namespace

std::vector<LoadedPlugin> loadPlugins(const HostConfig& config,
                                      const std::vector<std::string>& installed) {
  const PluginsConfig& plugins = config.plugins();
  PluginLoader loader(plugins.dir);
  std::vector<LoadedPlugin> loaded;
  std::vector<std::string> errors;
  for (const auto& name : plugins.enabled) {
    if (PluginLoader::isValidName(name) &&
        std::find(installed.begin(), installed.end(), name) == installed.end()) {
      errors.push_back(config.ini().fileName() + ": [plugins] enabled: no plugin '" + name +
                       "' in [plugins] dir = " + plugins.dir + " (no file lib" + name + ".so)" +
                       didYouMean(name, installed));
      continue;
    }
    try {
      loaded.push_back(loader.load(name));
    } catch (const PluginError& e) {
      errors.push_back(e.what());
    }
  }
  if (!errors.empty())
    throw ConfigError(errors);
  return orderByDependencies(std::move(loaded));
}

std::vector<IniSection> validatePluginSections(const HostConfig& config,
                                               const std::vector<LoadedPlugin>& plugins,
                                               const std::vector<std::string>& installed) {
  std::vector<std::string> errors;
  for (const auto& section : config.pluginSections()) {
    const bool enabled = std::any_of(plugins.begin(), plugins.end(),
                                     [&](const LoadedPlugin& p) { return p.info.name == section; });
    if (enabled)
      continue;
    if (std::find(installed.begin(), installed.end(), section) != installed.end()) {
      Poco::Logger::get("duka").warning(
          "%s: [%s] is the section of a plugin that is not enabled ([plugins] enabled): it is "
          "ignored",
          config.ini().fileName(), section);
      continue;
    }
    // A misspelt host section ([sever], [logs]) lands here too: suggest those as well.
    std::vector<std::string> known = installed;
    known.insert(known.end(), hostSections().begin(), hostSections().end());
    errors.push_back(config.ini().fileName() + ": [" + section +
                     "]: neither a section of duka's nor of a plugin installed in [plugins] dir "
                     "= " +
                     config.plugins().dir + didYouMean(section, known));
  }
  std::vector<IniSection> settings;
  for (const auto& plugin : plugins) {
    const SettingsDeclaration& spec = plugin.plugin->settings();
    const std::size_t before = errors.size();
    settings.push_back(validateSection(config.ini(), plugin.info.name, spec.declared(), errors,
                                       config.server().production()));
    // The rules across keys read the section's values: only once each key is valid.
    for (const auto& problem :
         errors.size() == before ? spec.problems(settings.back()) : std::vector<SettingProblem>{}) {
      errors.push_back(config.ini().fileName() + ": [" + plugin.info.name + "] " + problem.key +
                       ": " + problem.message);
    }
    try {
      Migrator::check({plugin.info.name, plugin.plugin->migrations()});
    } catch (const std::exception& e) {
      errors.push_back(e.what());
    }
  }
  if (!errors.empty())
    throw ConfigError(errors);
  return settings;
}

void checkDatabaseFile(const HostConfig& config) {
  if (config.database().backend != Backend::Sqlite)
    return;
  // The WAL and shared-memory files hold the latest rows too.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = config.database().path + suffix;
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status))
      continue;  // duka creates them 0600
    using std::filesystem::perms;
    const bool others = (status.permissions() & perms::others_all) != perms::none;
    const bool group = (status.permissions() & perms::group_all) != perms::none;
    if (!others && !group)
      continue;
    const std::string problem = config.ini().fileName() + ": [database] path: " + file +
                                " can be read by " + (others ? "other users" : "its group") +
                                "; chmod 600 the database and its -wal and -shm files";
    if (others && config.server().production())
      throw ConfigError({problem + " ([server] environment = production)"});
    Poco::Logger::get("duka").warning(problem);
  }
}

void dropTestVariables(const HostConfig& config) {
  if (!config.server().production())
    return;
  std::vector<std::string> names;
  for (char** variable = environ; *variable; ++variable) {
    const std::string_view entry(*variable);
    if (entry.starts_with("DUKA_TEST_"))
      names.emplace_back(entry.substr(0, entry.find('=')));
  }
  for (const std::string& name : names) {
    unsetenv(name.c_str());
    Poco::Logger::get("duka").warning(
        "%s is set and ignored: it is for test suites only ([server] environment = production)",
        name);
  }
}

void checkDatabaseAnswers(const DatabaseConfig& database, std::chrono::seconds leaseWait) {
  if (database.backend != Backend::Postgresql)
    return;
  DatabaseConfig once = database;
  once.poolSize = 1;
  EventDispatcher events;
  SqlDatabase::open(once, events, leaseWait)->close();
}

void checkStart(const HostConfig& config, std::vector<LoadedPlugin> plugins,
                const std::vector<IniSection>& settings, std::chrono::seconds leaseWait) {
  std::string folder = (std::filesystem::temp_directory_path() / "duka-check-XXXXXX").string();
  if (!mkdtemp(folder.data()))
    throw std::runtime_error("--check: cannot create a scratch folder under " +
                             std::filesystem::temp_directory_path().string());
  struct Cleanup {
    std::string folder;
    int level = Poco::Logger::root().getLevel();
    ~Cleanup() {
      Poco::Logger::setLevel("", level);
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
    }
  } cleanup{folder};
  Poco::Logger::setLevel("",
                         std::min(cleanup.level, static_cast<int>(Poco::Message::PRIO_WARNING)));
  DatabaseConfig scratch;
  scratch.backendName = "sqlite";
  scratch.backend = Backend::Sqlite;
  scratch.path = folder + "/check.db";
  scratch.poolSize = 2;
  scratch.sqliteSynchronous = "normal";
  DukaRuntime runtime(scratch, leaseWait, std::move(plugins), Poco::Logger::get("duka"));
  runtime.start(config, settings);
  runtime.announceStarted();
}

}  // namespace duka::host
