// A plugin that only declares a dependency, for the dependency checks. CMake builds it
// several times with DUKA_TEST_NAME and DUKA_TEST_REQUIRES set (cycle_a, cycle_b,
// needs_missing).
#include <duka/sdk.hpp>

namespace {

class RequiresPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = DUKA_TEST_NAME,
            .version = "0.1.0",
            .description = "dependency test",
            .requiredPlugins = {DUKA_TEST_REQUIRES}};
  }
  void start(duka::PluginContext&) override {}
};

}  // namespace

DUKA_PLUGIN(RequiresPlugin)
