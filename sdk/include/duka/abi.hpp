// duka/abi.hpp: the versions and the plain-C record every plugin exports, so that the host
// refuses a plugin built against another SDK before it calls any C++ in it.
#pragma once

#include <cstdint>

// DUKA_SDK_VERSION is duka's version (CMake reads it from here), SemVer from 1.0.0.
// DUKA_SDK_ABI_VERSION is the binary contract and libduka_sdk's SOVERSION: it stays the same
// within a major version (additions never change an existing class's layout or virtual
// table) and changes only with the next major version.
#define DUKA_SDK_VERSION "1.5.1"
#define DUKA_SDK_ABI_VERSION 14u

extern "C" {
struct duka_abi_info {
  std::uint32_t abi_version;
  const char* sdk_version;
  const char* compiler;        // e.g. "gcc 12.2.0"
  std::uint32_t poco_version;  // POCO_VERSION the plugin was compiled with
};
}
