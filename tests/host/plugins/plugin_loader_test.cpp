#include "plugins/plugin_loader.hpp"

#include <gtest/gtest.h>

#include <duka/testing/duka_process.hpp>

#include "support/test_paths.hpp"

namespace duka::host {
namespace {

std::string refusal(const std::string& dir, const std::string& name) {
  try {
    PluginLoader(dir).load(name);
  } catch (const PluginError& e) {
    return e.what();
  }
  return "";
}

TEST(PluginLoader, LoadsAPluginAndReadsItsMetadata) {
  LoadedPlugin loaded = PluginLoader(test::testPluginDir()).load("probe");
  EXPECT_EQ(loaded.info.name, "probe");
  EXPECT_EQ(loaded.info.version, "0.1.0");
  EXPECT_EQ(loaded.sdkVersion, DUKA_SDK_VERSION);
  EXPECT_EQ(loaded.pocoVersion, static_cast<unsigned>(POCO_VERSION));
  EXPECT_EQ(loaded.plugin->migrations().size(), 2u);
  EXPECT_EQ(loaded.state, PluginState::Loaded);
}

TEST(PluginLoader, MissingFileIsNamed) {
  const std::string message = refusal(test::testPluginDir(), "ghost");
  EXPECT_NE(message.find("plugin 'ghost': no file "), std::string::npos) << message;
  EXPECT_NE(message.find("libghost.so"), std::string::npos);
}

TEST(PluginLoader, LibraryWithoutTheAbiSymbolIsNotAPlugin) {
  const std::string message = refusal(test::testPluginDir(), "not_a_plugin");
  EXPECT_NE(message.find("is not a duka plugin (no duka_plugin_abi symbol"), std::string::npos)
      << message;
}

TEST(PluginLoader, AbiMismatchNamesBothVersions) {
  const std::string message = refusal(test::testPluginDir(), "bad_abi");
  EXPECT_NE(message.find("plugin 'bad_abi' was built against SDK ABI version 999, but this duka "
                         "has SDK ABI version " +
                         std::to_string(DUKA_SDK_ABI_VERSION)),
            std::string::npos)
      << message;
}

TEST(PluginLoader, FileThatIsNotALibraryIsRefused) {
  test::TempDir dir;
  dir.write("libjunk.so", "this is not an ELF file");
  const std::string message = refusal(dir.path(), "junk");
  EXPECT_NE(message.find("plugin 'junk': cannot load"), std::string::npos) << message;
}

TEST(PluginLoader, DeclaredNameMustMatchTheEnabledName) {
  const std::string message = refusal(test::testPluginDir(), "wrong_name");
  EXPECT_NE(message.find("declares the name 'probe'"), std::string::npos) << message;
}

TEST(PluginLoader, NamesAreChecked) {
  EXPECT_NE(refusal(test::testPluginDir(), "../etc").find("plugin names are [a-z0-9_-]+"),
            std::string::npos);
  EXPECT_TRUE(PluginLoader::isValidName("sms-twilio"));
  EXPECT_FALSE(PluginLoader::isValidName("SMS"));
  EXPECT_FALSE(PluginLoader::isValidName(""));
}

TEST(PluginLoader, SemverIsChecked) {
  EXPECT_TRUE(PluginLoader::isSemver("1.0.0"));
  EXPECT_TRUE(PluginLoader::isSemver("0.10.2-rc.1+build.5"));
  EXPECT_FALSE(PluginLoader::isSemver("1.0"));
  EXPECT_FALSE(PluginLoader::isSemver("01.0.0"));
  EXPECT_FALSE(PluginLoader::isSemver("v1.0.0"));
}

TEST(PluginLoader, LibraryStaysLoadedWhilePluginObjectLives) {
  std::shared_ptr<Plugin> plugin;
  std::weak_ptr<boost::dll::shared_library> library;
  {
    LoadedPlugin loaded = PluginLoader(test::testPluginDir()).load("probe");
    plugin = loaded.plugin;
    library = loaded.library;
  }
  EXPECT_FALSE(library.expired());
  EXPECT_EQ(plugin->info().name, "probe");  // the plugin's code is still mapped
  plugin.reset();
  EXPECT_TRUE(library.expired());
}

}  // namespace
}  // namespace duka::host
