#include "plugins/plugin_graph.hpp"

#include <gtest/gtest.h>

#include "plugins/plugin_loader.hpp"

namespace duka::host {
namespace {

LoadedPlugin plugin(const std::string& name, std::vector<std::string> required = {}) {
  LoadedPlugin p;
  p.info.name = name;
  p.info.requiredPlugins = std::move(required);
  p.file = "lib" + name + ".so";
  return p;
}

std::vector<std::string> names(const std::vector<LoadedPlugin>& plugins) {
  std::vector<std::string> out;
  for (const auto& p : plugins)
    out.push_back(p.info.name);
  return out;
}

TEST(PluginGraph, OrdersByDependenciesKeepingEnabledOrder) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("auth"));
  plugins.push_back(plugin("orders", {"customers", "inventory"}));
  plugins.push_back(plugin("customers"));
  plugins.push_back(plugin("audit"));
  plugins.push_back(plugin("inventory"));
  EXPECT_EQ(names(orderByDependencies(std::move(plugins))),
            (std::vector<std::string>{"auth", "customers", "audit", "inventory", "orders"}));
}

TEST(PluginGraph, UnknownDependencyIsNamed) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("orders", {"customers"}));
  try {
    orderByDependencies(std::move(plugins));
    FAIL();
  } catch (const PluginError& e) {
    EXPECT_STREQ(e.what(),
                 "plugin 'orders' requires 'customers', which is not enabled in [plugins] enabled");
  }
}

TEST(PluginGraph, CycleIsNamed) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("a", {"b"}));
  plugins.push_back(plugin("b", {"c"}));
  plugins.push_back(plugin("c", {"a"}));
  plugins.push_back(plugin("free"));
  try {
    orderByDependencies(std::move(plugins));
    FAIL();
  } catch (const PluginError& e) {
    EXPECT_STREQ(e.what(), "plugins form a dependency cycle: a -> b -> c -> a");
  }
}

TEST(PluginGraph, SelfDependencyIsACycle) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("narcissus", {"narcissus"}));
  EXPECT_THROW(orderByDependencies(std::move(plugins)), PluginError);
}

TEST(PluginGraph, DuplicateNameIsRefused) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("sms"));
  plugins.push_back(plugin("sms"));
  EXPECT_THROW(orderByDependencies(std::move(plugins)), PluginError);
}

}  // namespace
}  // namespace duka::host
