#include "plugins/plugin_host.hpp"

#include "plugins/plugin_loader.hpp"

namespace duka::host {

PluginHost::PluginHost(std::vector<LoadedPlugin> ordered)
    : plugins_(std::move(ordered)), log_(Poco::Logger::get("duka.plugins")) {}

PluginHost::~PluginHost() {
  stopAll();
  release();
}

void PluginHost::startAll(const std::vector<IniSection>& settings, HostRegistries registries) {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    LoadedPlugin& loaded = plugins_[i];
    contexts_.push_back(std::make_unique<PluginContextImpl>(
        loaded.info, loaded.uses, loaded.library, settings.at(i), registries));
    try {
      loaded.plugin->start(*contexts_.back());
      loaded.state = PluginState::Started;
      log_.information("started plugin %s %s", loaded.info.name, loaded.info.version);
    } catch (const std::exception& e) {
      loaded.state = PluginState::Failed;
      loaded.error = e.what();
      registries.routes.removePlugin(loaded.info.name);
      stopAll();
      throw PluginError("plugin '" + loaded.info.name + "' failed to start: " + e.what());
    }
  }
}

void PluginHost::announceStarted() {
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    LoadedPlugin& loaded = plugins_[i];
    try {
      loaded.plugin->started(*contexts_.at(i));
    } catch (const std::exception& e) {
      stopAll();  // this plugin too: its start() succeeded
      loaded.state = PluginState::Failed;
      loaded.error = e.what();
      throw PluginError("plugin '" + loaded.info.name + "' failed to start: " + e.what());
    }
  }
  for (auto& context : contexts_)
    context->startTasks();
}

void PluginHost::stopTasks() {
  for (auto it = contexts_.rbegin(); it != contexts_.rend(); ++it)
    (*it)->stopTasks();
}

void PluginHost::stopAll() {
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    if (it->state != PluginState::Started)
      continue;
    // Its background work ends first: stop() may release what the tasks use.
    const auto index = static_cast<std::size_t>(plugins_.rend() - it - 1);
    if (index < contexts_.size())
      contexts_[index]->stopTasks();
    try {
      it->plugin->stop();
      log_.information("stopped plugin %s", it->info.name);
    } catch (const std::exception& e) {
      log_.error("plugin %s failed to stop: %s", it->info.name, std::string(e.what()));
    }
    it->state = PluginState::Stopped;
  }
}

bool PluginHost::allStarted() const {
  for (const auto& plugin : plugins_) {
    if (plugin.state != PluginState::Started)
      return false;
  }
  return true;
}

void PluginHost::release() {
  contexts_.clear();
  for (auto& plugin : plugins_)
    plugin.plugin.reset();
}

}  // namespace duka::host
