#include "generations/reloader.hpp"

#include "config/config_error.hpp"
#include "config/restart_only.hpp"
#include "plugins/plugin_loader.hpp"
#include "startup/startup_checks.hpp"
#include "systemd/service_notifier.hpp"

namespace duka::host {

namespace {

constexpr const char* kReloads = "config_reloads";
constexpr const char* kReloadsHelp = "Configuration reloads (SIGHUP), by outcome.";

}  // namespace

Reloader::Reloader(std::string configPath, HostConfig started, DukaRuntime& runtime,
                   HttpServer& server)
    : path_(std::move(configPath)),
      started_(std::move(started)),
      runtime_(runtime),
      server_(server),
      applied_(runtime.metrics().counter(kReloads, kReloadsHelp, {{"outcome", "applied"}})),
      failed_(runtime.metrics().counter(kReloads, kReloadsHelp, {{"outcome", "failed"}})),
      log_(Poco::Logger::get("duka")) {
  runtime.metrics().addGauge(
      "config_generation", "The configuration generation in force: 1 at start, +1 per reload.",
      [&runtime] {
        const auto generation = runtime.generation();
        return generation ? static_cast<double>(generation->number()) : 0.0;
      },
      nullptr);
}

bool Reloader::reload() {
  notifySystemd(reloadingState());
  log_.information("reloading %s", path_);
  bool applied = false;
  try {
    HostConfig next = HostConfig::load(IniFile::load(path_));
    const std::vector<std::string> installed = PluginLoader(next.plugins().dir).installed();
    std::vector<LoadedPlugin> plugins = loadPlugins(next, installed);
    const std::vector<IniSection> settings = validatePluginSections(next, plugins, installed);
    for (const std::string& key : restartOnlyChanges(started_, next)) {
      log_.warning(
          "%s: %s changed: it applies when duka restarts; until then the value duka "
          "started with stays",
          path_, key);
    }
    const std::size_t count = plugins.size();
    runtime_.reload(next, std::move(plugins), settings);
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(next.log().level));
    server_.setLimits(next.server());
    ++applied_;
    applied = true;
    log_.information("reloaded %s: configuration generation %Lu, %z plugins", path_,
                     static_cast<Poco::UInt64>(runtime_.generation()->number()), count);
  } catch (const ConfigError& e) {
    ++failed_;
    for (const auto& message : e.messages())
      log_.error("reload of %s refused, the running configuration stays: %s", path_, message);
  } catch (const std::exception& e) {
    ++failed_;
    log_.error("reload of %s failed, the running configuration stays: %s", path_,
               std::string(e.what()));
  }
  notifySystemd("READY=1");
  return applied;
}

}  // namespace duka::host
