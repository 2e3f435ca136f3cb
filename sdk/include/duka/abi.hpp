// duka/abi.hpp: the versions and the plain-C record every plugin exports, so that the host
// refuses a plugin built against another SDK before it calls any C++ in it.
#pragma once

#include <cstdint>

// DUKA_SDK_VERSION is duka's version (CMake reads it from here); DUKA_SDK_ABI_VERSION changes
// whenever a type crossing the host/plugin boundary changes, and is libduka_sdk's SOVERSION.
#define DUKA_SDK_VERSION "0.16.0"
#define DUKA_SDK_ABI_VERSION 13u

extern "C" {
struct duka_abi_info {
  std::uint32_t abi_version;
  const char* sdk_version;
  const char* compiler;        // e.g. "gcc 12.2.0"
  std::uint32_t poco_version;  // POCO_VERSION the plugin was compiled with
};
}
