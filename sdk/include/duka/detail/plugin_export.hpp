// duka/detail/plugin_export.hpp: what DUKA_PLUGIN (duka/plugin.hpp) expands to. Not API.
#pragma once

#include <Poco/Version.h>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <memory>

#include "duka/abi.hpp"

#if defined(__clang__)
#define DUKA_COMPILER_ID "clang " __clang_version__
#else
#define DUKA_COMPILER_ID "gcc " __VERSION__
#endif

// DUKA_DETAIL_EXPORT_PLUGIN is DUKA_PLUGIN's body: the ABI record (plain C, read before any
// C++) and the factory Boost.DLL finds.
#define DUKA_DETAIL_EXPORT_PLUGIN(PluginClass)                                                \
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
