// bad_abi: claims an SDK ABI version this host does not have; it must be refused before
// any of its C++ runs.
#include <boost/config.hpp>
#include <cstdlib>
#include <duka/abi.hpp>

extern "C" BOOST_SYMBOL_EXPORT const duka_abi_info* duka_plugin_abi() {
  static const duka_abi_info info{999u, "9.9.9", "gcc 0.0", 0};
  return &info;
}

// Calling this would mean the host ignored the ABI check.
extern "C" BOOST_SYMBOL_EXPORT void duka_create_plugin() {
  std::abort();
}
