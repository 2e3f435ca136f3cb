// needs_missing: requires nonexistent, for the dependency checks.
#include <duka/sdk.hpp>

namespace {

class Plugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "needs_missing",
            .version = "0.1.0",
            .description = "dependency test",
            .requiredPlugins = {"nonexistent"}};
  }
  void start(duka::PluginContext&) override {}
};

}  // namespace

DUKA_PLUGIN(Plugin)
