// The paths of this build the tests use, compiled in by CMake.
#pragma once

#include <string>

namespace duka::test {

std::string pluginDir();      // the shipped plugins and examples
std::string testPluginDir();  // the deliberately odd plugins of tests/plugins
std::string sourceDir();

}  // namespace duka::test
