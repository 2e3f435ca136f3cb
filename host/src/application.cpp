#include "application.hpp"

#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <algorithm>
#include <csignal>
#include <iostream>

#include "cli/add_user.hpp"
#include "cli/backup.hpp"
#include "cli/describe_settings.hpp"
#include "cli/list_plugins.hpp"
#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "duka/abi.hpp"
#include "duka_runtime.hpp"
#include "host_api.hpp"
#include "logging/logging.hpp"
#include "plugins/plugin_loader.hpp"
#include "serving.hpp"
#include "startup/startup_checks.hpp"
#include "systemd/passed_socket.hpp"

namespace duka::host {

using Poco::Util::Option;

void DukaApplication::defineOptions(Poco::Util::OptionSet& options) {
  // Not ServerApplication's: its --daemon, --pidfile and --umask have no place under
  // systemd (Type=notify), and --umask would undo duka's 077.
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
      "until SIGTERM or SIGINT; SIGHUP reloads the configuration.");
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
  // The socket systemd passed, taken (and its variables unset) before any other thread runs:
  // setenv and unsetenv race with getenv in other threads.
  const int passedSocket = mode_ == Mode::Serve ? passedListenSocket() : -1;
  if (mode_ != Mode::Serve) {
    // Only a serving duka reloads; a command-line mode ends on a hangup, as commands do.
    sigset_t hangup;
    sigemptyset(&hangup);
    sigaddset(&hangup, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &hangup, nullptr);
  }
  const HostConfig config = HostConfig::load(IniFile::load(configPath_));
  configureLogging(config.log());
  if (mode_ == Mode::AddUser) {
    // One line of result, not the start of every plugin around it: warnings and errors only.
    Poco::Logger::setLevel("", std::min(Poco::Logger::parseLevel(config.log().level),
                                        static_cast<int>(Poco::Message::PRIO_WARNING)));
  }
  // Before any plugin connects anywhere: a bad certificate is an error, never a prompt.
  rejectUntrustedCertificates();
  Poco::Logger& log = Poco::Logger::get("duka");
  if (mode_ == Mode::Backup)
    return backupDatabase(config.database(), backupFile_);

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
    checkStart(config, std::move(plugins), settings, leaseWait);
    std::cout << configPath_ << ": OK (" << count << " plugins, database "
              << backendName(config.database().backend) << ")\n";
    return EXIT_OK;
  }
  DukaRuntime runtime(config.database(), leaseWait, std::move(plugins), log);
  if (mode_ == Mode::Migrate) {
    std::cout << "migrations are up to date\n";
    return EXIT_OK;
  }
  runtime.start(config, settings);
  if (mode_ == Mode::AddUser)
    return addUser(runtime.generation()->services(), addUser_, staff_);
  runtime.announceStarted();

  serve(configPath_, config, runtime, passedSocket);
  return EXIT_OK;
}

}  // namespace duka::host
