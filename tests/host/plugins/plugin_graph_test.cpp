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

// OptionalPlugins (SDK 1.2): an enabled optional plugin starts first and may be looked up;
// one not enabled is no error; a cycle through one is named like any other.
TEST(PluginGraph, AnEnabledOptionalPluginStartsFirstAndAMissingOneIsNoError) {
  std::vector<LoadedPlugin> plugins;
  plugins.push_back(plugin("orders"));
  plugins.push_back(plugin("ussd", {"orders"}));
  plugins.back().optional = {"mpesa", "airtel"};
  plugins.push_back(plugin("mpesa", {"orders"}));
  const auto ordered = orderByDependencies(std::move(plugins));
  EXPECT_EQ(names(ordered), (std::vector<std::string>{"orders", "mpesa", "ussd"}));
  EXPECT_EQ(ordered[2].uses, (std::vector<std::string>{"orders", "mpesa"}));

  std::vector<LoadedPlugin> cyclic;
  cyclic.push_back(plugin("a", {"b"}));
  cyclic.push_back(plugin("b"));
  cyclic.back().optional = {"a"};
  try {
    orderByDependencies(std::move(cyclic));
    FAIL() << "a cycle through an optional plugin was accepted";
  } catch (const PluginError& e) {
    EXPECT_NE(std::string(e.what()).find("dependency cycle"), std::string::npos) << e.what();
  }
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
