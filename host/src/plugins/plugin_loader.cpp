#include "plugins/plugin_loader.hpp"

#include <Poco/Logger.h>
#include <Poco/RegularExpression.h>

#include <algorithm>
#include <boost/dll/import.hpp>
#include <filesystem>

#include "duka/facility/optional_plugins.hpp"

namespace duka::host {

namespace {
// The two symbols DUKA_PLUGIN (duka/plugin.hpp) exports.
constexpr const char* kAbiSymbol = "duka_plugin_abi";         // const duka_abi_info* ()
constexpr const char* kFactorySymbol = "duka_create_plugin";  // shared_ptr<Plugin>()
}  // namespace

const char* stateName(PluginState state) {
  switch (state) {
    case PluginState::Loaded:
      return "loaded";
    case PluginState::Started:
      return "started";
    case PluginState::Failed:
      return "failed";
    case PluginState::Stopped:
      return "stopped";
  }
  return "unknown";
}

std::string PluginLoader::fileFor(const std::string& name) const {
  return (std::filesystem::path(dir_) / ("lib" + name + ".so")).string();
}

bool PluginLoader::isValidName(const std::string& name) {
  // "duka" is the host's own name: its migrations and its logger.
  if (name.empty() || name.size() > 64 || name == "duka")
    return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  }
  return true;
}

bool PluginLoader::isSemver(const std::string& version) {
  static const Poco::RegularExpression semver(
      "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?"
      "$");
  return semver.match(version);
}

std::vector<std::string> PluginLoader::installed() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.size() > 6 && file.starts_with("lib") && file.ends_with(".so")) {
      std::string name = file.substr(3, file.size() - 6);
      if (isValidName(name))
        names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

LoadedPlugin PluginLoader::load(const std::string& name) const {
  const std::string prefix = "plugin '" + name + "'";
  if (!isValidName(name))
    throw PluginError(prefix + ": plugin names are [a-z0-9_-]+, and not \"duka\" (the host's)");
  LoadedPlugin loaded;
  loaded.file = fileFor(name);
  std::error_code exists;
  if (!std::filesystem::is_regular_file(loaded.file, exists)) {
    throw PluginError(prefix + ": no file " + loaded.file);
  }

  // rtld_now resolves every symbol at once, so a missing one fails here with its name;
  // rtld_local keeps one plugin's symbols from capturing another's.
  boost::system::error_code ec;
  auto library = std::make_shared<boost::dll::shared_library>(
      loaded.file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !library->is_loaded()) {
    throw PluginError(prefix + ": cannot load " + loaded.file + ": " + ec.message());
  }
  if (!library->has(kAbiSymbol)) {
    throw PluginError(prefix + ": " + loaded.file + " is not a duka plugin (no " + kAbiSymbol +
                      " symbol; was it built with DUKA_PLUGIN?)");
  }
  const duka_abi_info* abi = library->get<const duka_abi_info*()>(kAbiSymbol)();
  if (!abi || abi->abi_version != DUKA_SDK_ABI_VERSION) {
    throw PluginError(prefix + " was built against SDK ABI version " +
                      (abi ? std::to_string(abi->abi_version) : std::string("(none)")) +
                      ", but this duka has SDK ABI version " +
                      std::to_string(DUKA_SDK_ABI_VERSION) +
                      "; rebuild the plugin against this SDK");
  }
  loaded.sdkVersion = abi->sdk_version ? abi->sdk_version : "";
  loaded.compiler = abi->compiler ? abi->compiler : "";
  loaded.pocoVersion = abi->poco_version;
  if (loaded.compiler != DUKA_COMPILER_ID || loaded.pocoVersion != POCO_VERSION) {
    Poco::Logger::get("duka.plugins")
        .warning("plugin '%s' was built with %s and Poco %x; duka with %s and Poco %x", name,
                 loaded.compiler, loaded.pocoVersion, std::string(DUKA_COMPILER_ID),
                 unsigned(POCO_VERSION));
  }
  if (!library->has(kFactorySymbol)) {
    throw PluginError(prefix + ": " + loaded.file + " exports no " + kFactorySymbol + " factory");
  }

  std::shared_ptr<Plugin> created;
  try {
    using Factory = std::shared_ptr<Plugin>();
    created = library->get_alias<Factory>(kFactorySymbol)();
    if (!created)
      throw std::runtime_error("the factory returned nothing");
    loaded.info = created->info();
    if (const auto* optional = dynamic_cast<const OptionalPlugins*>(created.get()))
      loaded.optional = optional->optionalPlugins();
  } catch (const std::exception& e) {
    throw PluginError(prefix + ": creating the plugin failed: " + e.what());
  }
  // The plugin object holds its library, so the code of its destructor stays mapped.
  loaded.plugin = std::shared_ptr<Plugin>(created.get(), [created, library](Plugin*) mutable {
    created.reset();
    library.reset();
  });
  loaded.library = std::move(library);

  const PluginInfo& info = loaded.info;
  if (info.name != name) {
    throw PluginError(prefix + ": " + loaded.file + " declares the name '" + info.name +
                      "'; a plugin is enabled by the name it declares");
  }
  if (!isSemver(info.version)) {
    throw PluginError(prefix + ": version '" + info.version + "' is not semver (e.g. 1.2.0)");
  }
  return loaded;
}

}  // namespace duka::host
