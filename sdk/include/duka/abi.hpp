// duka/abi.hpp: the SDK ABI version and the plain-C record every plugin exports, so the
// host can refuse a plugin built against another SDK before calling any C++ in it.
#pragma once

#include <cstdint>

// DUKA_SDK_ABI_VERSION changes whenever a type that crosses the host/plugin boundary
// changes its layout or virtual functions. A plugin built against another value is refused.
#define DUKA_SDK_ABI_VERSION 6u
#define DUKA_SDK_VERSION "0.9.0"

extern "C" {

// duka_abi_info is plain data so that reading it needs no C++ ABI agreement.
struct duka_abi_info {
  std::uint32_t abi_version;
  const char* sdk_version;
  const char* compiler;        // e.g. "gcc 12.2.0"
  std::uint32_t poco_version;  // POCO_VERSION the plugin was compiled with
};
}

namespace duka {

// kAbiSymbol is the extern "C" function every plugin exports: const duka_abi_info* ().
inline constexpr const char* kAbiSymbol = "duka_plugin_abi";
// kFactorySymbol is the Boost.DLL alias of the plugin factory: std::shared_ptr<Plugin>().
inline constexpr const char* kFactorySymbol = "duka_create_plugin";

}  // namespace duka
