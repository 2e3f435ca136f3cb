// cycle_a: requires cycle_b, for the dependency checks.
#include <duka/sdk.hpp>

namespace {

class Plugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "cycle_a",
            .version = "0.1.0",
            .description = "dependency test",
            .requiredPlugins = {"cycle_b"}};
  }
  void start(duka::PluginContext&) override {}
};

}  // namespace

DUKA_PLUGIN(Plugin)
