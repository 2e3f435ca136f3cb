#include "plugins/plugin_graph.hpp"

#include <algorithm>
#include <map>

#include "plugins/plugin_loader.hpp"

namespace duka::host {

namespace {

// findCycle walks the uses of the plugins not yet placed and returns one cycle.
std::vector<std::string> findCycle(
    const std::map<std::string, const std::vector<std::string>*>& remaining) {
  for (const auto& [start, uses] : remaining) {
    std::vector<std::string> path{start};
    std::string current = start;
    for (std::size_t steps = 0; steps <= remaining.size(); ++steps) {
      const std::vector<std::string>* node = remaining.at(current);
      auto next = std::find_if(node->begin(), node->end(),
                               [&](const std::string& r) { return remaining.count(r) != 0; });
      if (next == node->end())
        break;
      auto seen = std::find(path.begin(), path.end(), *next);
      if (seen != path.end()) {
        std::vector<std::string> cycle(seen, path.end());
        cycle.push_back(*next);
        return cycle;
      }
      path.push_back(*next);
      current = *next;
    }
  }
  return {};
}

}  // namespace

std::vector<LoadedPlugin> orderByDependencies(std::vector<LoadedPlugin> plugins) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < plugins.size(); ++i) {
    if (!index.emplace(plugins[i].info.name, i).second) {
      throw PluginError("plugin '" + plugins[i].info.name + "' is loaded twice (" +
                        plugins[index[plugins[i].info.name]].file + " and " + plugins[i].file +
                        ")");
    }
  }
  for (auto& plugin : plugins) {
    for (const auto& required : plugin.info.requiredPlugins) {
      if (!index.count(required)) {
        throw PluginError("plugin '" + plugin.info.name + "' requires '" + required +
                          "', which is not enabled in [plugins] enabled");
      }
    }
    plugin.uses = plugin.info.requiredPlugins;
    for (const auto& optional : plugin.optional) {
      if (index.count(optional) && optional != plugin.info.name)
        plugin.uses.push_back(optional);
    }
  }

  std::vector<LoadedPlugin> ordered;
  std::vector<bool> placed(plugins.size(), false);
  while (ordered.size() < plugins.size()) {
    bool progress = false;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
      if (placed[i])
        continue;
      const auto& required = plugins[i].uses;
      const bool ready = std::all_of(required.begin(), required.end(),
                                     [&](const std::string& r) { return placed[index[r]]; });
      if (!ready)
        continue;
      placed[i] = true;
      ordered.push_back(std::move(plugins[i]));
      progress = true;
      break;  // restart from the top to keep the enabled order
    }
    if (!progress) {
      std::map<std::string, const std::vector<std::string>*> remaining;
      for (std::size_t i = 0; i < plugins.size(); ++i) {
        if (!placed[i])
          remaining.emplace(plugins[i].info.name, &plugins[i].uses);
      }
      std::string text;
      for (const auto& name : findCycle(remaining))
        text += (text.empty() ? "" : " -> ") + name;
      throw PluginError("plugins form a dependency cycle: " + text);
    }
  }
  return ordered;
}

}  // namespace duka::host
