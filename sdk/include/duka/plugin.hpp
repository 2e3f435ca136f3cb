// duka/plugin.hpp: the plugin interface, its lifecycle, and the DUKA_PLUGIN export macro.
//
// Lifecycle, as the host runs it:
//   1. load     the host opens lib<name>.so from [plugins] dir, one at a time, on the
//               main thread, before the server accepts requests;
//   2. check    it reads duka_plugin_abi() (plain C) and refuses a plugin whose SDK ABI
//               version differs from its own, naming both; only then does it call C++;
//   3. create   it calls the factory and info(): the name must be unique and match
//               [a-z0-9_-]+, and the version must be semver;
//   4. order    plugins are sorted by `requires`; an unknown or cyclic dependency refuses;
//   5. configure the plugin's INI section is validated against settings(), then validate()
//               (`duka --check` stops here);
//   6. migrate  pending migrations() of all plugins run in one transaction;
//   7. start    start(context) runs in dependency order: register routes, subscribe to
//               events, provide services; a throw stops the start (already started
//               plugins are stopped again, in reverse);
//   8. started  once every plugin has started, started(context) runs in the same order:
//               the place to look up services that plugins which do not depend on this
//               one provide (an extension point such as an SMS provider) and to start
//               background threads; a throw stops the start like one in start();
//   9. serve    handlers and subscribers run on server and event threads;
//  10. stop     stop() runs in reverse dependency order after the server drained;
//  11. unload   the library is closed last, once every object that came from it is gone.
#pragma once

#include <Poco/Version.h>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <memory>
#include <string>
#include <vector>

#include "duka/abi.hpp"
#include "duka/config.hpp"
#include "duka/context.hpp"
#include "duka/database.hpp"

namespace duka {

// PluginInfo is a plugin's metadata.
struct PluginInfo {
  std::string name;                          // unique, [a-z0-9_-]+; also its INI section
  std::string version;                       // semver, e.g. "1.2.0"
  std::string description;                   // one line
  std::vector<std::string> requiredPlugins;  // "requires": plugins that must start first
};

// Plugin is what a plugin library's factory creates. Keep the class itself to
// registration; put handlers, repositories and domain rules in their own files.
class Plugin {
 public:
  virtual ~Plugin();
  virtual PluginInfo info() const = 0;
  // settings declares the keys of the plugin's INI section.
  virtual std::vector<Setting> settings() const;
  // validate checks rules across the validated section's keys; the host calls it at
  // configure time (also for `duka --check`) and refuses to start on any problem.
  virtual std::vector<SettingProblem> validate(const Settings& settings) const;
  // migrations are the plugin's schema steps, in ascending version.
  virtual std::vector<Migration> migrations() const;
  virtual void start(PluginContext& context) = 0;
  // started runs after every plugin's start(), before the server accepts requests.
  virtual void started(PluginContext& context);
  // stop releases what start acquired (threads, connections). Routes, subscribers and
  // services are removed by the host.
  virtual void stop();
};

}  // namespace duka

#if defined(__clang__)
#define DUKA_COMPILER_ID "clang " __clang_version__
#elif defined(__GNUC__)
#define DUKA_COMPILER_ID "gcc " __VERSION__
#else
#define DUKA_COMPILER_ID "unknown"
#endif

// DUKA_PLUGIN(Class) exports a plugin class: the ABI record and the factory. Write it once,
// at namespace scope, in one source file of the plugin.
#define DUKA_PLUGIN(PluginClass)                                                              \
  extern "C" BOOST_SYMBOL_EXPORT const duka_abi_info* duka_plugin_abi() {                     \
    static const duka_abi_info info{DUKA_SDK_ABI_VERSION, DUKA_SDK_VERSION, DUKA_COMPILER_ID, \
                                    POCO_VERSION};                                            \
    return &info;                                                                             \
  }                                                                                           \
  namespace {                                                                                 \
  std::shared_ptr<::duka::Plugin> dukaCreatePlugin() {                                        \
    return std::make_shared<PluginClass>();                                                   \
  }                                                                                           \
  }                                                                                           \
  BOOST_DLL_ALIAS(dukaCreatePlugin, duka_create_plugin)
