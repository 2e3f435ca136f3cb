// PluginLoader: opens plugin libraries with Boost.DLL, checks their ABI record before any
// C++ call, creates the plugin and checks its metadata.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "plugins/loaded_plugin.hpp"

namespace duka::host {

// PluginError is a plugin refused at load or start; its message names plugin and cause.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PluginLoader {
 public:
  explicit PluginLoader(std::string dir) : dir_(std::move(dir)) {}

  // fileFor is dir/lib<name>.so.
  std::string fileFor(const std::string& name) const;
  // installed lists the names of the plugin files in dir (lib<name>.so), sorted.
  std::vector<std::string> installed() const;
  // load opens the plugin `name`; the name it declares must be the one it was enabled by.
  LoadedPlugin load(const std::string& name) const;

  static bool isValidName(const std::string& name);
  static bool isSemver(const std::string& version);

 private:
  std::string dir_;
};

}  // namespace duka::host
