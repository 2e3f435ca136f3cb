#include "support/test_paths.hpp"

namespace duka::test {

std::string pluginDir() {
  return DUKA_TEST_PLUGIN_DIR;
}
std::string testPluginDir() {
  return DUKA_TEST_ODD_PLUGIN_DIR;
}
std::string sourceDir() {
  return DUKA_TEST_SOURCE_DIR;
}

}  // namespace duka::test
