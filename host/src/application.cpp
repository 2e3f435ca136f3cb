#include "application.hpp"

#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "cli/add_user.hpp"
#include "cli/describe_settings.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/nearest_name.hpp"
#include "config/section_validator.hpp"
#include "db/migrator.hpp"
#include "db/sqlite_backup.hpp"
#include "duka/abi.hpp"
#include "duka/facility/http_client.hpp"
#include "duka/facility/identity.hpp"
#include "duka_runtime.hpp"
#include "host_api.hpp"
#include "http/transport/http_server.hpp"
#include "http/dispatch/request_handler.hpp"
#include "logging/logging.hpp"
#include "plugins/plugin_graph.hpp"
#include "plugins/plugin_host.hpp"
#include "plugins/plugin_loader.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

namespace {

using Poco::Util::Option;

// didYouMean is " (did you mean 'customers'?)" for the installed name nearest to name.
std::string didYouMean(const std::string& name, const std::vector<std::string>& installed) {
  const auto nearest = nearestName(name, installed);
  return nearest ? " (did you mean '" + *nearest + "'?)" : "";
}

// loadPlugins loads every enabled plugin and reports every failure at once.
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

// validatePluginSections checks each plugin's section. A section of an installed plugin
// that is not enabled is only warned about, so that disabling a plugin means editing
// `enabled`; a section no installed plugin owns is an error.
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
    errors.push_back(config.ini().fileName() + ": [" + section + "]: no plugin named '" + section +
                     "' is installed in [plugins] dir = " + config.plugins().dir +
                     didYouMean(section, installed));
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

// describeAll describes the host's sections and each loaded plugin's, in start order. The
// plugin folder's default depends on where duka is installed: it is named, not shown.
std::string describeAll(const std::vector<LoadedPlugin>& plugins) {
  std::vector<Setting> pluginsKeys = pluginsSettings().declared();
  for (Setting& setting : pluginsKeys) {
    if (setting.key == "dir")
      setting.defaultValue = "<folder of duka>/../lib/duka/plugins";
  }
  std::vector<DescribedSection> sections{
      {"server", "The host", "the HTTP server", &serverSettings().declared()},
      {"database", "The host", "the database every plugin shares", &databaseSettings().declared()},
      {"plugins", "The host", "which plugins load, and from where", &pluginsKeys},
      {"log", "The host", "logging", &logSettings().declared()}};
  for (const auto& plugin : plugins) {
    sections.push_back({plugin.info.name, "Plugin `" + plugin.info.name + "`",
                        plugin.info.description, &plugin.plugin->settings().declared()});
  }
  return describeSettings(sections);
}

// checkDatabaseFile refuses, in production, a SQLite file that other users can read (its
// rows include password hashes and customers' phone numbers); elsewhere, and for a file its
// group can read, it warns.
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

// dropTestVariables removes, in production, the DUKA_TEST_ environment variables that test
// suites use to make duka quicker and weaker (DUKA_TEST_PASSWORD_ITERATIONS), before any
// plugin starts, and warns: a production server never runs with them.
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

// checkDatabaseAnswers connects to a PostgreSQL database once (a SQLite file is checked by
// checkDatabaseFile; opening it would create it).
void checkDatabaseAnswers(const DatabaseConfig& database, std::chrono::seconds leaseWait) {
  if (database.backend != Backend::Postgresql)
    return;
  DatabaseConfig once = database;
  once.poolSize = 1;
  EventDispatcher events;
  SqlDatabase::open(once, events, leaseWait)->close();
}

// checkStart starts the plugins as a serving duka would, against a scratch SQLite database
// in a temporary folder, then stops them: a start-time failure (a setting only a plugin's
// start can judge, an SMS provider that no plugin registers) fails the check, and the real
// database is never written. Only warnings and errors are logged meanwhile.
void checkStart(std::vector<LoadedPlugin> plugins, const std::vector<IniSection>& settings,
                std::chrono::seconds leaseWait) {
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
  runtime.start(settings);
  runtime.announceStarted();
}

// backup copies the SQLite database to file (`--backup`); PostgreSQL has pg_dump for that.
int backup(const DatabaseConfig& database, const std::string& file) {
  if (database.backend == Backend::Postgresql) {
    throw std::runtime_error(
        "--backup copies SQLite databases; back PostgreSQL up with pg_dump (e.g. pg_dump "
        "--format=custom --file=duka.dump DBNAME), restore with pg_restore");
  }
  const BackupResult copied = backupSqlite(database.path, file);
  std::cout << "backed up " << database.path << " to " << file << " (" << copied.pages << " pages, "
            << copied.bytes << " bytes)\n";
  return Poco::Util::Application::EXIT_OK;
}

void listPlugins(const std::vector<LoadedPlugin>& plugins) {
  for (const auto& plugin : plugins) {
    std::string required;
    for (const auto& r : plugin.info.requiredPlugins)
      required += (required.empty() ? "" : ",") + r;
    std::cout << plugin.info.name << "\t" << plugin.info.version
              << "\trequires=" << (required.empty() ? "-" : required) << "\t" << plugin.file
              << "\n";
  }
}

}  // namespace

void DukaApplication::defineOptions(Poco::Util::OptionSet& options) {
  // Not ServerApplication's: its --daemon, --pidfile and --umask have no place under
  // systemd (Type=exec), and --umask would undo duka's 077.
  Application::defineOptions(options);
  options.addOption(Option("help", "h", "print this help and exit"));
  options.addOption(Option("version", "", "print the duka, SDK and SDK ABI versions and exit"));
  options.addOption(Option("config", "c", "the INI file (default: config/duka.ini)")
                        .argument("FILE")
                        .repeatable(false));
  options.addOption(
      Option("check", "",
             "every start-time check but binding the port (the plugins start on a scratch "
             "database); exit 0 or 1"));
  options.addOption(Option("migrate", "", "apply pending migrations and exit"));
  options.addOption(
      Option("list-plugins", "", "print name, version, requires and file of each plugin"));
  options.addOption(Option("describe-settings", "",
                           "print every section and key of the host and the enabled plugins "
                           "(Markdown)"));
  options.addOption(
      Option("add-user", "", "create a local account (password from DUKA_PASSWORD or stdin)")
          .argument("NAME"));
  options.addOption(Option("staff", "", "with --add-user: the account is staff"));
  options.addOption(Option("backup", "",
                           "copy the SQLite database to FILE, consistently, while duka serves "
                           "(PostgreSQL: use pg_dump)")
                        .argument("FILE"));
}

void DukaApplication::handleOption(const std::string& name, const std::string& value) {
  Application::handleOption(name, value);
  if (name == "help") {
    helpRequested_ = true;
    stopOptionsProcessing();
  } else if (name == "version") {
    versionRequested_ = true;
    stopOptionsProcessing();
  } else if (name == "config") {
    configPath_ = value;
  } else if (name == "check") {
    mode_ = Mode::Check;
  } else if (name == "migrate") {
    mode_ = Mode::Migrate;
  } else if (name == "list-plugins") {
    mode_ = Mode::ListPlugins;
  } else if (name == "describe-settings") {
    mode_ = Mode::DescribeSettings;
  } else if (name == "add-user") {
    mode_ = Mode::AddUser;
    addUser_ = value;
  } else if (name == "staff") {
    staff_ = true;
  } else if (name == "backup") {
    mode_ = Mode::Backup;
    backupFile_ = value;
  }
}

void DukaApplication::printHelp() {
  Poco::Util::HelpFormatter help(options());
  help.setCommand(commandName());
  help.setUsage(
      "--config=FILE [--check | --migrate | --list-plugins | --describe-settings | "
      "--add-user=NAME [--staff] | --backup=FILE]");
  help.setHeader(
      "duka: a plugin-based order-management server. Without a mode option it serves "
      "until SIGTERM or SIGINT.");
  help.format(std::cout);
}

int DukaApplication::main(const ArgVec&) {
  if (helpRequested_) {
    printHelp();
    return EXIT_OK;
  }
  if (versionRequested_) {
    std::cout << "duka " << DUKA_VERSION << ", SDK " << DUKA_SDK_VERSION << ", SDK ABI "
              << DUKA_SDK_ABI_VERSION << "\n";
    return EXIT_OK;
  }
  int status = 1;
  try {
    status = execute();
  } catch (const ConfigError& e) {
    for (const auto& message : e.messages())
      std::cerr << "duka: " << message << "\n";
  } catch (const std::exception& e) {
    std::cerr << "duka: " << e.what() << "\n";
  }
  flushLogging();
  return status;
}

int DukaApplication::execute() {
  const HostConfig config = HostConfig::load(IniFile::load(configPath_));
  configureLogging(config.log());
  // Before any plugin connects anywhere: a bad certificate is an error, never a prompt.
  rejectUntrustedCertificates();
  Poco::Logger& log = Poco::Logger::get("duka");
  if (mode_ == Mode::Backup)
    return backup(config.database(), backupFile_);

  // The names of the plugin files in [plugins] dir, for the "did you mean" of both checks.
  const std::vector<std::string> installed = PluginLoader(config.plugins().dir).installed();
  std::vector<LoadedPlugin> plugins = loadPlugins(config, installed);
  if (mode_ == Mode::DescribeSettings) {
    std::cout << describeAll(plugins);
    return EXIT_OK;
  }
  const std::vector<IniSection> settings = validatePluginSections(config, plugins, installed);
  checkDatabaseFile(config);
  dropTestVariables(config);
  if (mode_ == Mode::ListPlugins) {
    listPlugins(plugins);
    return EXIT_OK;
  }
  const auto leaseWait = std::chrono::seconds(config.server().requestTimeoutS);
  if (mode_ == Mode::Check) {
    checkDatabaseAnswers(config.database(), leaseWait);
    const std::size_t count = plugins.size();
    checkStart(std::move(plugins), settings, leaseWait);
    std::cout << configPath_ << ": OK (" << count << " plugins, database "
              << backendName(config.database().backend) << ")\n";
    return EXIT_OK;
  }
  DukaRuntime runtime(config.database(), leaseWait, std::move(plugins), log);
  if (mode_ == Mode::Migrate) {
    std::cout << "migrations are up to date\n";
    return EXIT_OK;
  }
  runtime.start(settings, config.server().metricsAllow);
  if (mode_ == Mode::AddUser)
    return addUser(runtime.services(), addUser_, staff_);
  runtime.announceStarted();

  ServiceDirectory& services = runtime.services();
  IdentityServices identity{std::static_pointer_cast<const Authenticator>(
                                services.find(kAuthenticatorService, typeid(Authenticator).name())),
                            {}};
  for (const std::string& name : services.names(kPrincipalLinkerPrefix)) {
    identity.linkers.push_back(std::static_pointer_cast<const PrincipalLinker>(
        services.find(name, typeid(PrincipalLinker).name())));
  }
  if (!identity.authenticator)
    log.warning("no plugin provides authentication: every non-public route answers 401");

  const RequestOrigin origin(config.server());
  const CorsPolicy cors(config.server().corsOrigins);
  IdempotencyKeys idempotency(runtime.db());
  RequestHandler handler(runtime.routes(), runtime.metrics(), std::move(identity), idempotency,
                         origin, cors, config.log().accessLog);
  const EdgeResponder edge(runtime.metrics(), runtime.routes(), config.log().accessLog);
  const std::uint64_t openFiles = raiseOpenFilesLimit();
  log.information("open files limit %Lu, max_connections %d", static_cast<Poco::UInt64>(openFiles),
                  config.server().maxConnections);
  if (openFiles < static_cast<std::uint64_t>(config.server().maxConnections) + 64 +
                      static_cast<std::uint64_t>(config.database().poolSize)) {
    log.warning(
        "the open files limit (%Lu) is below max_connections plus the database pool and a "
        "margin: connections past it are refused; raise LimitNOFILE or lower "
        "[server] max_connections",
        static_cast<Poco::UInt64>(openFiles));
  }
  HttpServer server(config.server(), handler, edge, origin);
  server.start();
  log.information("duka listening on http://%s:%hu (%s, %z plugins)", config.server().address,
                  server.port(), std::string(backendName(runtime.db().backend())),
                  runtime.plugins().plugins().size());

  waitForTerminationRequest();
  log.information("stopping: draining requests");
  server.drain(std::chrono::seconds(config.server().shutdownTimeoutS));
  log.information("stopped");
  return EXIT_OK;
}

}  // namespace duka::host
