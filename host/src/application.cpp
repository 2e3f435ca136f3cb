#include "application.hpp"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <algorithm>
#include <iostream>

#include "cli/add_user.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/section_validator.hpp"
#include "db/database_metrics.hpp"
#include "db/migrator.hpp"
#include "db/sql_database.hpp"
#include "duka/abi.hpp"
#include "duka/http_client.hpp"
#include "events/event_dispatcher.hpp"
#include "http/api_docs.hpp"
#include "http/builtin_routes.hpp"
#include "http/http_server.hpp"
#include "http/request_handler.hpp"
#include "logging/logging.hpp"
#include "plugins/plugin_graph.hpp"
#include "plugins/plugin_host.hpp"
#include "plugins/plugin_loader.hpp"
#include "services/service_directory.hpp"

namespace duka::host {

namespace {

const char* backendName(Backend backend) {
  return backend == Backend::Sqlite ? "sqlite" : "postgresql";
}

using Poco::Util::Option;

// loadPlugins loads every enabled plugin and reports every failure at once.
std::vector<LoadedPlugin> loadPlugins(const PluginsConfig& config) {
  PluginLoader loader(config.dir);
  std::vector<LoadedPlugin> loaded;
  std::vector<std::string> errors;
  for (const auto& name : config.enabled) {
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

// validatePluginSections checks each plugin's section and that no section is orphaned.
std::vector<Settings> validatePluginSections(const HostConfig& config,
                                             const std::vector<LoadedPlugin>& plugins) {
  std::vector<std::string> errors;
  for (const auto& section : config.pluginSections()) {
    const bool known = std::any_of(plugins.begin(), plugins.end(),
                                   [&](const LoadedPlugin& p) { return p.info.name == section; });
    if (!known) {
      errors.push_back(config.ini().fileName() + ": [" + section +
                       "]: no enabled plugin is named '" + section +
                       "' (enabled: see [plugins] enabled)");
    }
  }
  std::vector<Settings> settings;
  for (const auto& plugin : plugins) {
    const SettingsSpec& spec = plugin.plugin->settings();
    const std::size_t before = errors.size();
    settings.push_back(validateSection(config.ini(), plugin.info.name, spec.declared(), errors));
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
  ServerApplication::defineOptions(options);
  options.addOption(Option("help", "h", "print this help and exit"));
  options.addOption(Option("version", "", "print the duka, SDK and SDK ABI versions and exit"));
  options.addOption(Option("config", "c", "the INI file (default: config/duka.ini)")
                        .argument("FILE")
                        .repeatable(false));
  options.addOption(
      Option("check", "", "validate the configuration and load the plugins; exit 0 or 1"));
  options.addOption(Option("migrate", "", "apply pending migrations and exit"));
  options.addOption(
      Option("list-plugins", "", "print name, version, requires and file of each plugin"));
  options.addOption(
      Option("add-user", "", "create a local account (password from DUKA_PASSWORD or stdin)")
          .argument("NAME"));
  options.addOption(Option("staff", "", "with --add-user: the account is staff"));
}

void DukaApplication::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
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
  } else if (name == "add-user") {
    mode_ = Mode::AddUser;
    addUser_ = value;
  } else if (name == "staff") {
    staff_ = true;
  }
}

void DukaApplication::printHelp() {
  Poco::Util::HelpFormatter help(options());
  help.setCommand(commandName());
  help.setUsage("--config=FILE [--check | --migrate | --list-plugins | --add-user=NAME [--staff]]");
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

  std::vector<LoadedPlugin> plugins = loadPlugins(config.plugins());
  const std::vector<Settings> settings = validatePluginSections(config, plugins);
  if (mode_ == Mode::ListPlugins) {
    listPlugins(plugins);
    return EXIT_OK;
  }
  if (mode_ == Mode::Check) {
    std::cout << configPath_ << ": OK (" << plugins.size() << " plugins, database "
              << backendName(config.database().backend) << ")\n";
    return EXIT_OK;
  }
  EventDispatcher events;
  const auto leaseWait = std::chrono::seconds(config.server().requestTimeoutS);
  std::unique_ptr<SqlDatabase> db = SqlDatabase::open(config.database(), events, leaseWait);
  std::vector<PluginMigrations> migrations;
  for (const auto& plugin : plugins)
    migrations.push_back({plugin.info.name, plugin.plugin->migrations()});
  for (const auto& step : Migrator(*db).apply(migrations)) {
    log.information("applied migration %s %d: %s", step.plugin, step.version, step.description);
  }
  if (mode_ == Mode::Migrate) {
    std::cout << "migrations are up to date\n";
    return EXIT_OK;
  }

  RouteTable routes;
  MetricsRegistry metrics;
  ServiceDirectory services;
  PluginHost host(std::move(plugins));
  registerBuiltinRoutes(
      routes, metrics,
      {[&db] { return db->ping(); }, [&host]() -> const PluginHost* { return &host; }});
  registerApiDocs(routes, dataDir() + "/api-docs");
  addDatabaseGauges(metrics, *db);
  host.startAll(settings, HostRegistries{routes, events, services, metrics, *db});
  events.start();
  // stopEverything undoes the start in reverse: plugins, then what they registered, then
  // their libraries, then the database.
  auto stopEverything = [&] {
    events.stop();
    host.stopAll();
    routes.clear();
    metrics.clearGauges();
    events.clear();
    services.clear();
    host.release();
    db->close();
  };
  if (mode_ == Mode::AddUser) {
    int status = EXIT_SOFTWARE;
    try {
      status = addUser(services, addUser_, staff_);
    } catch (...) {
      stopEverything();
      throw;
    }
    stopEverything();
    return status;
  }

  try {
    host.announceStarted();
  } catch (...) {
    stopEverything();
    throw;
  }
  IdentityServices identity{std::static_pointer_cast<const Authenticator>(
                                services.find(kAuthenticatorService, typeid(Authenticator).name())),
                            std::static_pointer_cast<const CustomerLinks>(services.find(
                                kCustomerLinksService, typeid(CustomerLinks).name()))};
  if (!identity.authenticator)
    log.warning("no plugin provides authentication: every non-public route answers 401");

  const RequestOrigin origin(config.server());
  const CorsPolicy cors(config.server().corsOrigins);
  RequestHandler handler(routes, metrics, std::move(identity), origin, cors,
                         config.log().accessLog);
  const EdgeResponder edge(metrics, config.log().accessLog);
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
  HttpServer server(config.server(), handler, edge);
  server.start();
  log.information("duka listening on http://%s:%hu (%s, %z plugins)", config.server().address,
                  server.port(), std::string(backendName(db->backend())), host.plugins().size());

  waitForTerminationRequest();
  log.information("stopping: draining requests");
  server.drain(std::chrono::seconds(config.server().requestTimeoutS));
  stopEverything();
  log.information("stopped");
  return EXIT_OK;
}

}  // namespace duka::host
